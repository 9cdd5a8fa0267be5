/**
 * Child processes for the multi-process harness (cluster.ts, redis-process.ts): spawn with the
 * output captured, wait for a line or a condition within a bound, signal and wait for the exit,
 * and pick free 127.0.0.1 ports. Only processes started here are ever signalled (by their own
 * ChildProcess), and any still running when the test process exits are SIGKILLed, so a failed
 * test never leaves a HAProxy, a redis-server or a Parley node behind.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { skipUnlessThere } from './skips.js';

export interface Spawned {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** True until the process has exited. */
  running(): boolean;
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Sends `signal` (unless already exited) and waits for the exit; SIGKILL after `graceMs`. */
  signal(signal: NodeJS.Signals, graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function spawnProcess(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Spawned {
  const child = spawn(command, args, {
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    // 'error' (e.g. ENOENT) may come instead of 'exit'.
    child.once('error', (error) => {
      err += `${command}: ${error.message}\n`;
      live.delete(child);
      resolve(error.message);
    });
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'exited');
    });
  });
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    running: () => !done,
    exited,
    async signal(signal, graceMs = 10_000) {
      if (done) return;
      child.kill(signal);
      if (signal === 'SIGKILL') {
        await exited;
        return;
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  options: { timeoutMs?: number; intervalMs?: number; details?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let lastError = '';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      const details = options.details?.() ?? '';
      throw new Error(`timed out waiting for ${what}${lastError ? ` (${lastError})` : ''}\n${details}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** Waits for `pattern` in the process's stdout; rejects if the process exits first. */
export async function waitForOutput(
  name: string,
  spawned: Spawned,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(spawned.stdout());
    if (match) return match;
    const output = `${spawned.stdout()}\n${spawned.stderr()}`;
    if (!spawned.running()) throw new Error(`${name} exited with ${await spawned.exited}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `count` distinct ports free on 127.0.0.1 right now (held open together, then released). */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/**
 * `{ skip: reason }` for node:test when the binary is missing and CI is not set; under CI=true a
 * missing binary fails the run instead (the CI script installs it).
 */
export function binarySkip(path: string, what: string): { skip?: string } {
  return skipUnlessThere(existsSync(path) ? undefined : `${what} not installed (${path} is missing)`, what);
}
