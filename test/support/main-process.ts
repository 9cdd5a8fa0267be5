/**
 * The real Parley process (src/main.ts through tsx) for the operations tests, with more control
 * than server-process.ts: its own working directory (for `.env`), an extra preload module, and
 * every line it prints kept. Only the process started here is ever signalled, by its own
 * ChildProcess; one still running when the test process exits is killed.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
/** tsx resolved here, so that the process may start in any folder. */
const TSX = import.meta.resolve('tsx');

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface MainProcess {
  readonly child: ChildProcess;
  /** The API's base URL, once listening. */
  readonly url: string;
  /** The metrics URL, when PARLEY_METRICS_PORT was given. */
  readonly metricsUrl: string | undefined;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  signal(signal: NodeJS.Signals): void;
}

export interface MainOptions {
  readonly env: Record<string, string>;
  readonly cwd?: string;
  /** A module to load first (`--import`), e.g. a crash trigger. */
  readonly preload?: string;
}

/** Starts the process and waits for its "listening" line (and the metrics line when asked for). */
export async function startMain(options: MainOptions): Promise<MainProcess> {
  const args = ['--import', TSX, ...(options.preload ? ['--import', options.preload] : []), MAIN];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const wantsMetrics = options.env.PARLEY_METRICS_PORT !== undefined;
  const started = await new Promise<{ url: string; metricsUrl: string | undefined }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley did not start:\n${out}\n${err}`)), 20_000);
    const check = () => {
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const metricsUrl = /metrics on (http:\/\/\S+)/.exec(out)?.[1];
      if (url && (metricsUrl || !wantsMetrics)) {
        clearTimeout(timer);
        resolve({ url, metricsUrl });
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`parley exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    child,
    ...started,
    stdout: () => out,
    stderr: () => err,
    exited,
    signal: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}

/** The JSON log lines the process printed (pino writes them to stdout). */
export function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function basicAuth(userName: string, password: string): string {
  return `Basic ${Buffer.from(`${userName}:${password}`).toString('base64')}`;
}
