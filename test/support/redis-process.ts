/**
 * A private redis-server for tests of the Redis notification bus: its own process on a free
 * 127.0.0.1 port (never the machine's Redis on 6379), no persistence, a temporary --dir. It can
 * be SIGKILLed and restarted on the same port to test what the bus does when Redis goes away.
 * Readiness is a raw RESP `PING` over TCP, so no Redis client library is needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Spawned } from './child-process.js';
import { binarySkip, freePorts, spawnProcess, waitFor } from './child-process.js';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

export interface RedisProcess {
  /** `redis://127.0.0.1:<port>`, the REDIS_URL for a Parley node. */
  readonly url: string;
  readonly port: number;
  /** SIGKILL (no shutdown at all) and wait for the exit; the port then refuses connections. */
  kill(): Promise<void>;
  /** A new redis-server on the same port (killing the current one first if it runs); waits for PING. */
  restart(): Promise<void>;
  /** SIGTERM, wait for the exit, remove the temporary directory. */
  stop(): Promise<void>;
  stdout(): string;
}

/** node:test's option: skip (or fail under CI=true) when redis-server is not installed. */
export function redisSkip(): { skip?: string } {
  return binarySkip(REDIS_SERVER, 'redis-server');
}

export async function startRedis(): Promise<RedisProcess> {
  const [port] = await freePorts(1);
  if (port === undefined || port === 6379) throw new Error(`refusing Redis port ${port}`);
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  let output = '';
  let current: Spawned | undefined;
  const start = async () => {
    const spawned = spawnProcess(REDIS_SERVER, [
      ...['--port', String(port), '--bind', '127.0.0.1'],
      ...['--save', '', '--appendonly', 'no', '--dir', dir],
    ]);
    current = spawned;
    try {
      await waitFor(`redis-server on ${port} to answer PING`, async () => {
        if (!spawned.running()) throw new Error(`redis-server exited: ${spawned.stdout()}`);
        return (await ping(port)) ? true : undefined;
      });
    } catch (error) {
      await spawned.signal('SIGKILL');
      throw error;
    }
  };
  const end = async (signal: NodeJS.Signals) => {
    if (!current) return;
    await current.signal(signal);
    output += current.stdout() + current.stderr();
    current = undefined;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => end('SIGKILL'),
    async restart() {
      await end('SIGKILL');
      await start();
    },
    async stop() {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    stdout: () => output + (current ? current.stdout() + current.stderr() : ''),
  };
}

/**
 * True when a Redis server answers `PING` on 127.0.0.1:`port` with `+PONG` within `timeoutMs`;
 * false when the connection is refused, times out or gets another answer (e.g. `-LOADING`).
 */
export function ping(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) finish(answer.startsWith('+PONG'));
    });
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(answer.startsWith('+PONG')));
  });
}

/** True when nothing listens on 127.0.0.1:`port` (the connection is refused). */
export function refuses(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => (socket.destroy(), resolve(false)), timeoutMs);
    socket.once('connect', () => (clearTimeout(timer), socket.destroy(), resolve(false)));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}
