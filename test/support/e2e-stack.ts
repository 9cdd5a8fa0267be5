/**
 * What an end-to-end suite runs against (the README's two deployments):
 *
 *   sqlite   one Parley process on a temporary SQLite file, the in-process bus
 *   cluster  three Parley processes on one PostgreSQL schema and the machine's Redis (a fresh
 *            key prefix), behind a real HAProxy (docs/haproxy.cfg); agents are pinned to n1,
 *            supervisors to n2, customers to n3 by the balancer's cookie, so every notification
 *            a party causes reaches the others through the Redis bus
 *
 * `describeEachStack` declares a suite once per stack; the cluster's cases are skipped (with a
 * one-line reason) when PostgreSQL, Redis or HAProxy is missing, except under CI=true.
 */
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { redisBusSkip, REDIS_URL } from './buses.js';
import type { Cluster } from './cluster.js';
import { startCluster } from './cluster.js';
import type { TestDatabase } from './databases.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from './databases.js';
import { haproxySkip } from './haproxy.js';
import { firstSkip } from './skips.js';
import type { ServerProcess } from './server-process.js';
import { startServer } from './server-process.js';

export type StackName = 'sqlite' | 'cluster';
export type Role = 'agent' | 'supervisor' | 'customer';

const PINS: Record<Role, string> = { agent: 'n1', supervisor: 'n2', customer: 'n3' };

export interface Stack {
  readonly name: StackName;
  /** Where clients connect: the server, or HAProxy's front. */
  readonly url: string;
  readonly database: TestDatabase;
  /** The cluster (undefined on one node). */
  readonly cluster: Cluster | undefined;
  /** The Cookie that pins a party of `role` to its node; undefined on one node. */
  pin(role: Role): string | undefined;
  stop(): Promise<void>;
}

/** The cluster's environment for every node: one PostgreSQL schema, one Redis key prefix. */
export function clusterEnv(database: TestDatabase, redisUrl = REDIS_URL): Record<string, string> {
  return {
    DATABASE_URL: database.databaseUrl,
    PARLEY_ADMIN: 'admin:admin-password',
    REDIS_URL: redisUrl,
    PARLEY_REDIS_PREFIX: `parley-e2e-${randomBytes(6).toString('hex')}`,
  };
}

export async function startStack(name: StackName, env: Record<string, string> = {}): Promise<Stack> {
  if (name === 'sqlite') {
    const database = sqliteDatabase();
    const server: ServerProcess = await startServer({
      DATABASE_URL: database.databaseUrl,
      PARLEY_ADMIN: 'admin:admin-password',
      ...env,
    });
    return {
      name,
      url: server.url,
      database,
      cluster: undefined,
      pin: () => undefined,
      async stop() {
        await server.stop();
        await database.drop();
      },
    };
  }
  const database = postgresDatabase();
  await (await database.open()).close(); // creates the schema
  const cluster = await startCluster({ nodes: 3, env: { ...clusterEnv(database), ...env }, publicUrl: true });
  return {
    name,
    url: cluster.url,
    database,
    cluster,
    pin: (role) => cluster.stickyCookie(PINS[role]),
    async stop() {
      await cluster.stop();
      await database.drop();
    },
  };
}

/** node:test's option for a cluster test: what it needs, or why it is skipped. */
export function clusterSkip(): Promise<{ skip?: string }> {
  return firstSkip(postgresSkip, redisBusSkip, haproxySkip);
}

/**
 * Declares `suite` once per stack, as `${title} (sqlite)` and `${title} (cluster)`. Without what
 * the cluster needs (and without CI=true) its suite is one skipped test that says why.
 */
export function describeEachStack(title: string, suite: (name: StackName) => void): void {
  describe(`${title} (sqlite)`, () => suite('sqlite'));
  describe(`${title} (cluster)`, async () => {
    const skip = await clusterSkip();
    if (skip.skip) test('on a cluster', skip, () => {});
    else suite('cluster');
  });
}
