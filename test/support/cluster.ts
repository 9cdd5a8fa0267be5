/**
 * Several real Parley processes behind a real HAProxy (docs/haproxy.cfg), for end-to-end tests
 * of what only a cluster shows: sticky CometD sessions, sessions shared through the store, a
 * node dying under its clients and coming back, and (with REDIS_URL) the cross-node bus.
 *
 * Each node gets a fixed free port so it can be killed and restarted where HAProxy expects it.
 * The first node starts alone (it bootstraps an empty store: contact center and administrator),
 * the others then start together. HAProxy's own view of each node (`show stat`) decides when the
 * cluster is ready and when a node counts as UP or DOWN.
 */
import { fileURLToPath } from 'node:url';
import type { Spawned } from './child-process.js';
import { freePorts, spawnProcess, waitFor, waitForOutput } from './child-process.js';
import type { HaproxyProcess, ServerStat } from './haproxy.js';
import { startHaproxy } from './haproxy.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COOKIE = 'PARLEY_NODE';

export interface ClusterNode {
  /** 'n1', 'n2', …: HAProxy's server name and the value of its PARLEY_NODE cookie. */
  readonly name: string;
  /** The node itself, bypassing HAProxy. */
  readonly url: string;
  readonly port: number;
  /** SIGKILL (no graceful shutdown) and wait for the exit. */
  kill(): Promise<void>;
  /** A new process on the same port with the same env (stopping the current one first if it runs). */
  restart(): Promise<void>;
  /** SIGTERM (graceful shutdown) and wait for the exit; SIGKILL after 10 s. */
  stop(): Promise<void>;
  /** Output of every incarnation of this node so far. */
  stdout(): string;
  stderr(): string;
}

export type NodeState = 'UP' | 'DOWN';

export interface Cluster {
  /** HAProxy's public front, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  /** The Cookie header value that pins a client to the node, e.g. `PARLEY_NODE=n1`. */
  stickyCookie(name: string): string;
  /** Resolves once HAProxy reports the node in that state (UP: with its last check passed). */
  waitForNodeState(name: string, state: NodeState, timeoutMs?: number): Promise<void>;
  /** HAProxy's view of every node now. */
  servers(): Promise<ServerStat[]>;
  /** HAProxy's log (one line per request) and warnings. */
  haproxyOutput(): string;
  /** Stops HAProxy, then every node (SIGTERM). */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  readonly nodes: number;
  /** Given to every node (DATABASE_URL, PARLEY_ADMIN, REDIS_URL, …); PORT and HOST are the harness's. */
  readonly env: Record<string, string>;
  /** Gives every node PUBLIC_URL = HAProxy's front, as a deployment behind a balancer needs. */
  readonly publicUrl?: boolean;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!Number.isInteger(options.nodes) || options.nodes < 1) throw new Error('nodes must be ≥ 1');
  const [frontPort, ...ports] = await freePorts(options.nodes + 1);
  const front = `http://127.0.0.1:${frontPort}`;
  const env = options.publicUrl ? { ...options.env, PUBLIC_URL: front } : options.env;
  const nodes = ports.map((port, index) => makeNode(`n${index + 1}`, port, env));
  let haproxy: HaproxyProcess | undefined;
  const stop = async () => {
    await haproxy?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    const [first, ...others] = nodes;
    await first?.restart();
    await Promise.all(others.map((node) => node.restart()));
    haproxy = await startHaproxy({
      frontAddress: `127.0.0.1:${frontPort}`,
      nodes: nodes.map((node) => ({ name: node.name, address: `127.0.0.1:${node.port}` })),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const proxy = haproxy;
  const waitForNodeState = async (name: string, state: NodeState, timeoutMs = 15_000) => {
    if (!nodes.some((node) => node.name === name)) throw new Error(`no node ${name}`);
    let last: ServerStat | undefined;
    await waitFor(
      `HAProxy to report ${name} ${state}`,
      async () => {
        last = (await proxy.servers()).find((server) => server.name === name);
        return last && reached(last, state) ? true : undefined;
      },
      { timeoutMs, intervalMs: 50, details: () => `last: ${JSON.stringify(last)}\n${proxy.output()}` },
    );
  };
  try {
    for (const node of nodes) await waitForNodeState(node.name, 'UP');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: proxy.url,
    nodes,
    stickyCookie: (name) => {
      if (!nodes.some((node) => node.name === name)) throw new Error(`no node ${name}`);
      return `${COOKIE}=${name}`;
    },
    waitForNodeState,
    servers: () => proxy.servers(),
    haproxyOutput: () => proxy.output(),
    stop,
  };
}

/** UP means a passed check, not merely HAProxy's initial optimism before the first check. */
function reached(server: ServerStat, state: NodeState): boolean {
  if (state === 'DOWN') return server.status === 'DOWN';
  return server.status === 'UP' && server.checkStatus.startsWith('L7OK');
}

function makeNode(name: string, port: number, env: Record<string, string>): ClusterNode {
  let current: Spawned | undefined;
  let pastOut = '';
  let pastErr = '';
  const end = async (signal: NodeJS.Signals) => {
    if (!current) return;
    const ended = current;
    current = undefined;
    await ended.signal(signal);
    pastOut += `${ended.stdout()}--- ${name} exited (${await ended.exited}) ---\n`;
    pastErr += ended.stderr();
  };
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    async restart() {
      await end('SIGTERM');
      const spawned = spawnProcess(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          LOG_LEVEL: 'warn',
          ...env,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
      });
      current = spawned;
      try {
        await waitForOutput(name, spawned, /listening on http:\/\/\S+/);
      } catch (error) {
        await end('SIGKILL');
        throw error;
      }
    },
    stdout: () => pastOut + (current?.stdout() ?? ''),
    stderr: () => pastErr + (current?.stderr() ?? ''),
  };
}
