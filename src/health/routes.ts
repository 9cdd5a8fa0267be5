/**
 * Liveness and readiness (public, no authentication), and the GWS diagnostics version
 * (`GET /api/v2/diagnostics/version` → `{"statusCode":0,"version":"…"}`, spec §1.1).
 * Ready means: started, not shutting down, the store answers and the bus is connected (a node that
 * lost Redis tells its load balancer so, and is ready again once it reconnected by itself).
 */
import type { FastifyPluginAsync } from 'fastify';
import { DomainError } from '../errors.js';
import type { Bus } from '../notifications/bus.js';
import type { Store } from '../store/store.js';

export interface HealthOptions {
  readonly store: Store;
  readonly bus: Pick<Bus, 'connected'>;
  readonly version: string;
}

const config = { auth: 'public' } as const;

export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, { store, bus, version }) => {
  let serving = false;
  app.addHook('onReady', async () => {
    serving = true;
  });
  app.addHook('preClose', async () => {
    serving = false;
  });

  app.get('/health/live', { config, schema: { tags: ['Health'] } }, async () => ({
    statusCode: 0,
    status: 'live',
  }));

  app.get('/health/ready', { config, schema: { tags: ['Health'] } }, async () => {
    if (!serving) throw new DomainError('Unavailable', 'Not ready');
    try {
      await store.schemaVersion();
    } catch {
      throw new DomainError('Unavailable', 'The store does not answer');
    }
    if (!bus.connected) throw new DomainError('Unavailable', 'The notification bus is not connected');
    return { statusCode: 0, status: 'ready' };
  });

  app.get('/api/v2/diagnostics/version', { config, schema: { tags: ['Diagnostics'] } }, async () => ({
    statusCode: 0,
    version,
  }));
};
