/**
 * The Bayeux server for `/api/v2/notifications` (spec §5): hub + protocol core + the two transports,
 * assembled from plain options by the composition root (STYLE.md §2). Nothing here reads the
 * environment or keeps module state; two instances can live side by side.
 *
 *   const bayeux = createBayeux({ bus, logger, authenticate, trustedOrigins, publicUrl });
 *   await app.register(bayeux.plugin);   // long-polling routes + WebSocket upgrade on app.server
 *   …
 *   await bayeux.close();                // answers held connects, closes WebSockets
 *
 * The plugin also closes the instance in fastify's preClose hook, so `app.close()` does not wait
 * for held long-polls to time out.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../clock.js';
import type { Bus } from '../notifications/bus.js';
import { Hub } from './hub.js';
import type { BayeuxLogger } from './logger.js';
import { originPolicy } from './origin.js';
import { BayeuxProtocol } from './protocol.js';
import { longPollingRoutes, type Authenticate } from './routes.js';
import type { ServiceHandler } from './service.js';
import { attachWebSocket, type WebSocketTransport } from './websocket.js';

export interface BayeuxOptions {
  readonly bus: Bus;
  readonly logger: BayeuxLogger;
  readonly authenticate: Authenticate;
  /** The client address of a WebSocket upgrade (the long-poll uses fastify's `request.ip`). */
  readonly clientAddress?: (request: IncomingMessage) => string | undefined;
  /** Remote-call handlers by channel, e.g. `{'/service/echo': async (data, principal) => data}`. */
  readonly services?: Readonly<Record<string, ServiceHandler>>;
  /**
   * Origins whose pages may use the notifications besides the server's own (origin.ts), e.g.
   * PARLEY_CORS_ORIGINS; `*` is ignored. Requests without an Origin header are always served.
   */
  readonly trustedOrigins?: readonly string[];
  /** The server's public base URL (PUBLIC_URL): its origin is the server's own; else the Host's. */
  readonly publicUrl?: string;
  /** Default `/api/v2/notifications` (spec §5.1). */
  readonly path?: string;
  /** How long a /meta/connect is held (advice.timeout). Default 30000. */
  readonly timeoutMs?: number;
  /** advice.maxInterval; sessions expire after timeoutMs + maxIntervalMs without a connect. Default 10000. */
  readonly maxIntervalMs?: number;
  /** Messages a session may hold (queued + unacknowledged) before it is ended (hub.ts). Default 1000. */
  readonly maxQueue?: number;
  /** Largest HTTP body / WebSocket frame accepted, in bytes. Default 65536. */
  readonly maxMessageBytes?: number;
  /** Period of the session expiry sweep. Default 1000. */
  readonly sweepIntervalMs?: number;
  /**
   * Bytes a WebSocket may still buffer, unsent, when a push is due; beyond it the session is a slow
   * consumer and is ended like a queue overflow (websocket.ts). Default 1 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** The expiry sweep, the long-poll holds and lastSeen go by it (clock.ts). Default the system clock. */
  readonly clock?: Clock;
}

export interface Bayeux {
  readonly hub: Hub;
  readonly protocol: BayeuxProtocol;
  /**
   * Register once, without a prefix (the `path` option places the routes and the WebSocket). It is
   * encapsulated: its content-type parser and error handler stay inside.
   */
  readonly plugin: FastifyPluginAsync;
  /** Answers every held connect (with what is queued) and closes every WebSocket. Idempotent. */
  close(): Promise<void>;
}

export const bayeuxDefaults = Object.freeze({
  path: '/api/v2/notifications',
  timeoutMs: 30_000,
  maxIntervalMs: 10_000,
  maxQueue: 1000,
  maxMessageBytes: 64 * 1024,
  sweepIntervalMs: 1000,
  maxBufferedBytes: 1024 * 1024,
});

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`bayeux: ${name} must be a positive integer`);
  return value;
}

export function createBayeux(options: BayeuxOptions): Bayeux {
  const settings = { ...bayeuxDefaults, ...withoutUndefined(options) };
  const timeoutMs = positive('timeoutMs', settings.timeoutMs);
  const maxIntervalMs = positive('maxIntervalMs', settings.maxIntervalMs);
  const maxMessageBytes = positive('maxMessageBytes', settings.maxMessageBytes);
  const hub = new Hub({
    bus: options.bus,
    logger: options.logger,
    maxQueue: positive('maxQueue', settings.maxQueue),
    expiryMs: timeoutMs + maxIntervalMs,
    sweepIntervalMs: positive('sweepIntervalMs', settings.sweepIntervalMs),
    clock: options.clock,
  });
  const protocol = new BayeuxProtocol({
    hub,
    logger: options.logger,
    services: options.services,
    timeoutMs,
    maxIntervalMs,
  });
  const { authenticate, logger } = options;
  const maxBufferedBytes = positive('maxBufferedBytes', settings.maxBufferedBytes);
  const admitOrigin = originPolicy({ trusted: options.trustedOrigins, publicUrl: options.publicUrl });
  const transports = { path: settings.path, maxMessageBytes, protocol, authenticate, admitOrigin, logger };
  let webSocket: WebSocketTransport | undefined;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      protocol.close();
      // The answered connects reach their transports through promise callbacks; let them write
      // before the WebSockets close.
      await new Promise((resolve) => setImmediate(resolve));
      await webSocket?.close();
    })();
    return closing;
  };

  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(longPollingRoutes(transports));
    const { clientAddress } = options;
    webSocket = attachWebSocket({ ...transports, clientAddress, maxBufferedBytes, server: app.server });
    app.addHook('preClose', close);
  };

  return { hub, protocol, plugin, close };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
