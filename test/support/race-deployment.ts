/**
 * The deployments the race suite runs on: one app on SQLite, one on PostgreSQL, or two apps —
 * two nodes — on one PostgreSQL schema, each with its own store connection(s), chat engine and
 * Redis bus (the machine's Redis under a fresh prefix, buses.ts), as a cluster's nodes are. Requests go to
 * the nodes in turn unless a node is named; every answer must be a GWS envelope (answer-shapes.ts:
 * never a 5xx), else the request fails at once with what was sent.
 */
import type { FastifyInstance } from 'fastify';
import { bootstrap } from '../../src/accounts/bootstrap.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Bus } from '../../src/notifications/bus.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import type { Store } from '../../src/store/store.js';
import { ADMIN } from './app.js';
import { gwsProblem } from './answer-shapes.js';
import { redisDeployment } from './buses.js';
import type { TestDatabase } from './databases.js';
import type { RequestKind } from './race-tally.js';
import { Tally } from './race-tally.js';

export interface RaceRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload?: object;
}

export interface Answer {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly body: Record<string, unknown>;
  /** The node (0 or 1) that answered. */
  readonly node: number;
}

export interface RaceDeployment {
  readonly nodes: readonly FastifyInstance[];
  /** Node 0's store, for the checks' reads (every node's store sees the same database). */
  readonly store: Store;
  readonly tally: Tally;
  /** Sends to node `which` modulo the node count; without it, to the next node in turn. */
  send(request: RaceRequest, kind: RequestKind, which?: number): Promise<Answer>;
  close(): Promise<void>;
}

/** Customers of every lane come from 127.0.0.1: RequestChat's per-source limit is off here. */
const ENV = {
  PORT: '0',
  PARLEY_REQUEST_CHAT_PER_SOURCE: 'off',
  PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: 'off',
};

export async function startDeployment(database: TestDatabase, nodeCount: number): Promise<RaceDeployment> {
  const config = loadConfig({ ...ENV, DATABASE_URL: database.databaseUrl });
  const stores: Store[] = [];
  for (let i = 0; i < nodeCount; i++) stores.push(await database.open()); // one at a time: migrations
  const [store] = stores;
  if (!store) throw new Error('no node');
  await bootstrap({ store, contactCenterId: config.contactCenterId, admin: ADMIN });
  // One node keeps the in-process bus; several talk through Redis, as a cluster does.
  const single = new InProcessBus();
  const redis = nodeCount > 1 ? await redisDeployment(nodeCount) : undefined;
  const buses: readonly Bus[] = redis?.nodes ?? [single];
  const apps = await Promise.all(
    stores.map((s, i) =>
      buildApp({ config, store: s, bus: buses[i] as Bus, logger: false, nodeId: `node${i}` }),
    ),
  );
  const nodes = apps.map((a) => a.server);
  await Promise.all(nodes.map((n) => n.ready()));
  const tally = new Tally();
  let turn = 0;
  return {
    nodes,
    store,
    tally,
    async send(request, kind, which = turn++) {
      const node = which % nodes.length;
      const server = nodes[node] as FastifyInstance;
      const response = await server.inject({ ...request, headers: { ...request.headers } });
      const problem = gwsProblem(response);
      const sent = `${request.method} ${request.url} ${JSON.stringify(request.payload ?? {})} on node ${node}`;
      if (problem) throw new Error(`${problem}: ${sent} → HTTP ${response.statusCode} ${response.body}`);
      const body = response.json<Record<string, unknown>>();
      const statusCode = body.statusCode as number;
      const statusMessage = typeof body.statusMessage === 'string' ? body.statusMessage : '';
      tally.count(kind, statusCode, statusMessage);
      return { statusCode, statusMessage, body, node };
    },
    async close() {
      await Promise.all(nodes.map((n) => n.close()));
      await (redis ? redis.close() : single.close());
      for (const s of stores) await s.close();
      await database.drop();
    },
  };
}
