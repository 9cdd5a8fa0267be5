/**
 * Starting and driving the processes of a scenario: a server (Parley's hub, the real Parley, or
 * faye) pinned to the server core, load processes (bench/load/main.ts) pinned to the load core,
 * and the loopback calls that trigger publishes.
 */
import type { BenchContext } from '../scenario.js';
import type { LoadConfig } from '../load/main.js';
import type { TallyReport } from '../load/tally.js';
import type { PublishReport, PublishRequest } from '../servers/control.js';
import type { Child } from './processes.js';

export type Peer = 'parley' | 'faye';
export const peers: readonly Peer[] = ['parley', 'faye'];

const tsx = ['--import', 'tsx'];
export const notificationsPath = '/api/v2/notifications';

export interface Server {
  readonly child: Child;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
}

/**
 * Waits for the server's "listening on" line, then pins it to the server core: it starts on every
 * core (start-up — module loading, schema compilation — is not measured, and several servers
 * starting at once would otherwise queue on one core).
 */
async function listening(context: BenchContext, child: Child, timeoutMs = 30_000): Promise<Server> {
  const line = await child.line(
    (text) => /listening on http:\/\/127\.0\.0\.1:\d+/.test(text),
    timeoutMs,
    'listening',
  );
  const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
  context.processes.pin(child, context.serverCpu);
  return { child, url };
}

function profileArgs(context: BenchContext, peer: Peer, name: string): string[] {
  if (context.profileDir === undefined || peer !== 'parley') return [];
  // One directory per server; node writes one profile per thread (tsx adds a loader thread).
  return ['--cpu-prof', `--cpu-prof-dir=${context.profileDir}/${name}`];
}

/** A baseline server of the chat scenario (bench/servers/hello-http.ts, fastify-noop.ts, ws-echo.ts). */
export function startBaselineServer(
  context: BenchContext,
  name: 'hello-http' | 'fastify-noop' | 'ws-echo',
): Promise<Server> {
  const child = context.processes.spawn({
    name,
    nodeArgs: [...tsx, `bench/servers/${name}.ts`],
    cwd: context.root,
  });
  return listening(context, child);
}

/** Parley's hub alone (bench/servers/parley-hub.ts) or faye (bench/servers/faye.ts). */
export function startHubServer(context: BenchContext, peer: Peer): Promise<Server> {
  const entry = peer === 'parley' ? 'bench/servers/parley-hub.ts' : 'bench/servers/faye.ts';
  const child = context.processes.spawn({
    name: `${peer}-server`,
    nodeArgs: [...profileArgs(context, peer, 'parley-hub'), ...tsx, entry],
    cwd: context.root,
  });
  return listening(context, child);
}

/**
 * The real server as `npm start` runs it — dist/main.js, compiled from src/ by tsc (run.ts builds
 * it once before any scenario) — with its own environment (config.ts is the only reader).
 */
export function startParleyMain(
  context: BenchContext,
  env: Readonly<Record<string, string>>,
  /** Process name, and the profile directory's name under --profile. */
  name = 'parley-main',
): Promise<Server> {
  const child = context.processes.spawn({
    name,
    nodeArgs: [...profileArgs(context, 'parley', name), '--enable-source-maps', 'dist/main.js'],
    cwd: context.root,
    // Logins are the world's set-up, never measured: its thousands of users log in at the cheaper
    // scrypt cost npm test uses (a server keeps OWASP's, README "Passwords").
    env: { PORT: '0', LOG_LEVEL: 'warn', PARLEY_SCRYPT_COST: '14', ...env },
  });
  return listening(context, child, 60_000);
}

export interface ReadyEvent {
  readonly opened: number;
  readonly failed: number;
  readonly firstError: string | null;
  readonly ms: number;
}

export interface LoadResult extends TallyReport {
  readonly timedOut: boolean;
  /** CPU the load process used during the measurement. */
  readonly cpuMs: number;
}

export interface Load {
  readonly child: Child;
  readonly ready: ReadyEvent;
}

/** Starts a load process and waits until all its sessions are open (or failed). */
export async function startLoad(
  context: BenchContext,
  config: Omit<LoadConfig, 'concurrency' | 'timeoutMs'>,
  name = 'load',
): Promise<Load> {
  const full: LoadConfig = { concurrency: 200, timeoutMs: 30_000, ...config };
  const child = context.processes.spawn({
    name,
    nodeArgs: [...tsx, 'bench/load/main.ts', JSON.stringify(full)],
    cpu: context.loadCpu,
    cwd: context.root,
  });
  const ready = await child.event<ReadyEvent>('ready', 180_000);
  if (ready.opened === 0) throw new Error(`${name}: no session opened: ${ready.firstError}`);
  return { child, ready };
}

/**
 * Arms a measurement. `result` settles when `expected` deliveries arrived or at the timeout (it is
 * wrapped in an object: an async function returning a bare promise would wait for it).
 */
export async function arm(
  load: Load,
  expected: number,
  timeoutMs: number,
): Promise<{ result: Promise<LoadResult> }> {
  load.child.send({ cmd: 'measure', expected, timeoutMs });
  await load.child.event('armed', 10_000);
  return { result: load.child.event<LoadResult>('result', timeoutMs + 10_000) };
}

export async function publish(server: Server, request: PublishRequest): Promise<PublishReport> {
  const response = await fetch(`${server.url}/bench/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(120_000),
  });
  if (!response.ok) throw new Error(`publish failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as PublishReport;
}

export function webSocketUrl(server: Server): string {
  return server.url.replace(/^http/, 'ws') + notificationsPath;
}

export function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
