/**
 * An in-process Parley for tests: a real store (temporary SQLite file unless a database is
 * given), bootstrapped with a known administrator, and the real app from buildApp.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import { bootstrap } from '../../src/accounts/bootstrap.js';
import type { Clock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import type { Store } from '../../src/store/store.js';
import type { TestDatabase } from './databases.js';
import { sqliteDatabase } from './databases.js';

export const ADMIN = { userName: 'admin', password: 'admin-password' } as const;

export interface TestApp {
  readonly app: App;
  readonly store: Store;
  readonly config: Config;
  readonly contactCenterId: string;
  readonly bus: InProcessBus;
  close(): Promise<void>;
}

export async function startTestApp(
  options: {
    env?: Record<string, string>;
    database?: TestDatabase;
    /** The app's clock (a FakeClock drives every timeout: test/support/fake-clock.ts). */
    clock?: Clock;
    /** Only what time it is; the timers stay real (the older form). */
    now?: () => number;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? sqliteDatabase();
  const config = loadConfig({ PORT: '0', DATABASE_URL: database.databaseUrl, ...options.env });
  const store = await database.open();
  // PARLEY_CONTACT_CENTER_ID in `env` fixes the contact center's id, as on a real first start.
  const created = await bootstrap({ store, contactCenterId: config.contactCenterId, admin: ADMIN });
  if (!created) throw new Error('test store was not empty');
  const bus = new InProcessBus();
  const app = await buildApp({ config, store, bus, logger: false, clock: options.clock, now: options.now });
  await app.server.ready();
  return {
    app,
    store,
    config,
    contactCenterId: created.contactCenterId,
    bus,
    async close() {
      await app.server.close();
      await bus.close();
      await store.close();
      await database.drop();
    },
  };
}

export function basic(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}

export const adminAuth = { authorization: basic(ADMIN.userName, ADMIN.password) };

export function json(response: LightMyRequestResponse): Record<string, unknown> {
  return response.json<Record<string, unknown>>();
}

/** The cookie header value a response set, for the next request. */
export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) throw new Error('no set-cookie');
  return value.split(';')[0] ?? '';
}

/** Creates a user through the API as the bootstrap admin; returns its id. */
export async function createUser(
  t: TestApp,
  userName: string,
  roles: string[],
  password = 'user-password',
): Promise<string> {
  const response = await t.app.server.inject({
    method: 'POST',
    url: '/api/v2/users',
    headers: adminAuth,
    payload: { userName, password, firstName: userName, lastName: 'Test', roles },
  });
  const body = json(response);
  if (body.statusCode !== 0) throw new Error(`createUser failed: ${response.body}`);
  return body.id as string;
}

/** Asserts the exact GWS failure shape (spec §1.3): statusCode, statusMessage, nothing else. */
export function failure(response: LightMyRequestResponse): {
  http: number;
  statusCode: number;
  statusMessage: string;
} {
  const body = json(response);
  const keys = Object.keys(body).sort().join(',');
  if (keys !== 'statusCode,statusMessage') throw new Error(`not a GWS failure body: ${response.body}`);
  if (typeof body.statusMessage !== 'string' || body.statusMessage.length === 0)
    throw new Error('empty statusMessage');
  return {
    http: response.statusCode,
    statusCode: body.statusCode as number,
    statusMessage: body.statusMessage,
  };
}
