/**
 * The chat scenario's world: the REAL server (dist/main.js, built from src/) on a fresh store — a temporary SQLite
 * file, or a fresh PostgreSQL schema (`CREATE SCHEMA`, passed as `search_path` in DATABASE_URL,
 * dropped at the end) — pinned to the server core once the world is set up (it may use every
 * core while it is: nothing is measured then, and set-up is mostly the server's CPU), and the
 * parties process
 * (bench/load/parties.ts) pinned to the load core, which builds agents, supervisors in Monitor
 * mode and accepted customer chats through the API and holds their CometD WebSocket sessions.
 * With `nodes.count` > 1 (scenarios/cluster.ts) several servers share the store — started one
 * after the other, the first migrating it — and the parties make every REST call to the first
 * while their WebSocket sessions connect to the last. With `shape.history` (scenarios/growth.ts)
 * the parties also write every chat's transcript before they report ready.
 * `close()` stops the servers first, then the parties, then removes the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchContext } from '../scenario.js';
import { basicAuth, ok } from '../load/gws-client.js';
import type { HistoryReport } from '../load/history.js';
import type { IntrudeReport, IntrudeRequest } from '../load/intrude-loop.js';
import type { TallyReport } from '../load/tally.js';
import type { WorldConfig } from '../load/world-setup.js';
import { sleep } from '../support/clock.js';
import type { Child } from '../support/processes.js';
import { rssParts, type RssParts } from '../support/proc-stats.js';
import { startParleyMain, type Server } from '../support/peers.js';

export type StoreKind = 'sqlite' | 'postgres';
export type WorldShape = Pick<WorldConfig, 'agents' | 'supervisors' | 'chats' | 'chatCapacity' | 'history'>;

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
  /** The set-up, through the API. */
  readonly ms: number;
  /** The transcripts written after it (shape.history), or null. */
  readonly history: HistoryReport | null;
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
  /** With `nodes.startRssSettleMs`: the first node's memory before any party existed. */
  readonly startRss: RssParts | undefined;
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
  /**
   * When set, the administrator logs in (Basic) once every node listens, and the first node's
   * VmRSS is read this many ms later, before any party exists: the memory a world adds is
   * measured from there (scenarios/growth.ts, P9).
   */
  readonly startRssSettleMs?: number;
}

/** The first node's memory after the administrator's login and `settleMs`. */
async function readStartRss(server: Server, settleMs: number): Promise<RssParts> {
  await ok(new URL(server.url), 'GET', '/api/v2/me', basicAuth(admin.userName, admin.password));
  await sleep(settleMs);
  return rssParts(server.child.pid);
}

/**
 * How long the parties may take to report ready: a minute or two for P2's world, more for a
 * world of 10,000 chats and their transcripts (about 9 s per 1,000 chats and a few thousand
 * history messages per second on the bench machine; this bound is several times that).
 */
const setupTimeoutMs = (shape: WorldShape): number =>
  120_000 + shape.chats * 20 + shape.chats * (shape.history?.messages ?? 0) * 2;

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
    // Loading the parties process (tsx) overlaps the servers' start-up; it gets its config below.
    parties = context.processes.spawn({
      name: `parties-${label}`,
      nodeArgs: ['--import', 'tsx', 'bench/load/parties.ts'],
      cpu: context.loadCpu,
      cwd: context.root,
    });
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
    const startRss =
      nodes.startRssSettleMs === undefined ? undefined : await readStartRss(server, nodes.startRssSettleMs);
    // Set-up is not measured: the nodes may use every core meanwhile (it is mostly their CPU).
    for (const node of servers) context.processes.pin(node.child, undefined);
    const config: WorldConfig = { url: server.url, sessionUrl: sessionServer.url, admin, ...shape };
    await parties.event('started', 30_000);
    parties.send({ cmd: 'build', ...config });
    const line = await parties.line(
      (text) => /^\{"event":"(ready|error)"/.test(text),
      setupTimeoutMs(shape),
      'world set up',
    );
    const event = JSON.parse(line) as Ready & { event: string; message?: string };
    if (event.event === 'error') throw new Error(`setting up the ${label} world: ${event.message}`);
    for (const node of servers) context.processes.pin(node.child, context.serverCpu);
    const child = parties;
    return {
      ...event,
      store,
      server,
      sessionServer,
      parties: child,
      startRss,
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

/**
 * Opens worlds at the same time (set-up is mostly round trips; an idle world — its sessions
 * holding their /meta/connect — costs the others next to nothing), hands them to `work` in the
 * order given, and closes every world that opened however it ends, also when another one failed.
 */
export async function withWorlds<T>(
  openings: readonly Promise<ChatWorld>[],
  work: (worlds: readonly ChatWorld[]) => Promise<T>,
): Promise<T> {
  const settled = await Promise.allSettled(openings);
  const opened = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return await work(opened);
  } finally {
    for (const world of opened) await world.close();
  }
}
