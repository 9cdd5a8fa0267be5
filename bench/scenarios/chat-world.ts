/**
 * The chat scenario's world: the REAL server (dist/main.js, built from src/) on a fresh store — a temporary SQLite
 * file, or a fresh PostgreSQL schema (`CREATE SCHEMA`, passed as `search_path` in DATABASE_URL,
 * dropped at the end) — pinned to the server core, and the parties process
 * (bench/load/parties.ts) pinned to the load core, which builds agents, supervisors in Monitor
 * mode and accepted customer chats through the API and holds their CometD WebSocket sessions.
 * With `nodes.count` > 1 (scenarios/cluster.ts) several servers share the store — started one
 * after the other, the first migrating it — and the parties make every REST call to the first
 * while their WebSocket sessions connect to the last.
 * `close()` stops the servers first, then the parties, then removes the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchContext } from '../scenario.js';
import type { IntrudeReport, IntrudeRequest } from '../load/intrude-loop.js';
import type { TallyReport } from '../load/tally.js';
import type { WorldConfig } from '../load/world-setup.js';
import type { Child } from '../support/processes.js';
import { startParleyMain, type Server } from '../support/peers.js';

export type StoreKind = 'sqlite' | 'postgres';
export type WorldShape = Pick<WorldConfig, 'agents' | 'supervisors' | 'chats' | 'chatCapacity'>;

export const postgresUrl = 'postgres://postgres@127.0.0.1:5432/test';
const admin = { userName: 'bench-admin', password: 'bench-admin-password' };

export interface WorldAgent {
  readonly id: string;
  readonly cookie: string;
  readonly chatIds: readonly string[];
}

interface Ready {
  readonly contactCenterId: string;
  readonly agents: readonly WorldAgent[];
  readonly customers: readonly string[];
  readonly ms: number;
}

export type ByReceiver = Readonly<Record<'agent' | 'supervisor', TallyReport>>;

export interface Collected {
  readonly p1: ByReceiver;
  readonly p2: ByReceiver;
  readonly intrude: IntrudeReport | null;
}

export interface ChatWorld extends Ready {
  readonly store: StoreKind;
  /** The node every REST call goes to (the only one, or the first). */
  readonly server: Server;
  /** The node the agents' and supervisors' WebSocket sessions are on (`server` with one node). */
  readonly sessionServer: Server;
  readonly parties: Child;
  measure(intrude?: IntrudeRequest): Promise<void>;
  collect(): Promise<Collected>;
  close(): Promise<void>;
}

/** Schemas made by this process: two worlds may ask for one in the same millisecond. */
let schemas = 0;

/** A fresh store: its DATABASE_URL and how to remove it. */
async function freshStore(store: StoreKind): Promise<{ url: string; remove: () => Promise<void> }> {
  if (store === 'sqlite') {
    const directory = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    const remove = async (): Promise<void> => rmSync(directory, { recursive: true, force: true });
    return { url: `sqlite:${join(directory, 'bench.db')}`, remove };
  }
  const schema = `bench_${process.pid}_${Date.now()}_${(schemas += 1)}`;
  const sql = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await sql(`CREATE SCHEMA ${schema}`);
  const url = `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return { url, remove: () => sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/** The servers of a world: how many share its store, and what else their environment holds. */
export interface WorldNodes {
  /** Default 1. */
  readonly count?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Names the processes and --profile directories (`parley-<label>[-n<i>]`); default the store. */
  readonly label?: string;
}

export async function openWorld(
  context: BenchContext,
  store: StoreKind,
  shape: WorldShape,
  nodes: WorldNodes = {},
): Promise<ChatWorld> {
  const database = await freshStore(store);
  const { count = 1, label = store } = nodes;
  const servers: Server[] = [];
  let parties: Child | undefined;
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.child.stop()));
    await parties?.stop();
    await database.remove();
  };
  try {
    const env = {
      ...nodes.env,
      DATABASE_URL: database.url,
      PARLEY_ADMIN: `${admin.userName}:${admin.password}`,
      // The load generator opens every chat from one address, as fast as it can: no flood limits.
      PARLEY_REQUEST_CHAT_PER_SOURCE: 'off',
      PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: 'off',
    };
    for (let index = 1; index <= count; index += 1) {
      const name = count === 1 ? `parley-${label}` : `parley-${label}-n${index}`;
      servers.push(await startParleyMain(context, env, name));
    }
    const [server, sessionServer] = [servers[0]!, servers[servers.length - 1]!];
    const config: WorldConfig = { url: server.url, sessionUrl: sessionServer.url, admin, ...shape };
    parties = context.processes.spawn({
      name: `parties-${label}`,
      nodeArgs: ['--import', 'tsx', 'bench/load/parties.ts', JSON.stringify(config)],
      cpu: context.loadCpu,
      cwd: context.root,
    });
    const line = await parties.line(
      (text) => /^\{"event":"(ready|error)"/.test(text),
      120_000,
      'world set up',
    );
    const event = JSON.parse(line) as Ready & { event: string; message?: string };
    if (event.event === 'error') throw new Error(`setting up the ${label} world: ${event.message}`);
    const child = parties;
    return {
      ...event,
      store,
      server,
      sessionServer,
      parties: child,
      async measure(intrude) {
        child.send({ cmd: 'measure', ...(intrude === undefined ? {} : { intrude }) });
        await child.event('armed', 10_000);
      },
      collect() {
        child.send({ cmd: 'collect' });
        return child.event<Collected>('result', 60_000);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
