/**
 * A load process: opens `sessions` subscribers (session.ts) against one server, a bounded number
 * at a time, then obeys JSON commands on stdin and answers with JSON events on stdout:
 *
 *   (start)                                   → {"event":"ready","opened","failed","firstError","ms"}
 *   {"cmd":"measure","expected","timeoutMs"}  → {"event":"armed"}, later
 *                                               {"event":"result", …TallyReport, "timedOut","cpuMs"}
 *   {"cmd":"status"}                          → {"event":"status","open","connectFailures","closed"}
 *
 * It exits when stdin closes (the bench is gone) or on SIGTERM.
 *
 *   node --import tsx bench/load/main.ts '<LoadConfig as JSON>'
 */
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { benchUserId } from '../support/payload.js';
import { openSession } from './session.js';
import { Tally } from './tally.js';

/** How each session authenticates its WebSocket upgrade. */
export type LoadAuth =
  | { readonly kind: 'none' }
  /** Subscriber i is user benchUserId(firstIndex + i) (Basic, any password: parley-hub). */
  | { readonly kind: 'basic-per-user' }
  /** One user's session cookie for every subscriber (the real server). */
  | { readonly kind: 'cookie'; readonly cookie: string };

export interface LoadConfig {
  readonly url: string;
  readonly sessions: number;
  readonly firstIndex: number;
  readonly auth: LoadAuth;
  readonly channel: string;
  /** Sessions being opened at the same time. */
  readonly concurrency: number;
  /** Per-session handshake + subscribe limit. */
  readonly timeoutMs: number;
}

function headersFor(auth: LoadAuth, index: number): Record<string, string> {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'cookie':
      return { cookie: `JSESSIONID=${auth.cookie}` };
    case 'basic-per-user':
      return { authorization: 'Basic ' + Buffer.from(`${benchUserId(index)}:bench`).toString('base64') };
  }
}

function emit(event: string, fields: object): void {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const tally = new Tally();
const sockets: WebSocket[] = [];

async function openAll(): Promise<void> {
  const started = Date.now();
  let next = 0;
  let failed = 0;
  let firstError: string | null = null;
  const worker = async (): Promise<void> => {
    while (next < config.sessions) {
      const index = config.firstIndex + next;
      next += 1;
      try {
        const headers = headersFor(config.auth, index);
        sockets.push(await openSession({ ...config, headers, tally }));
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, config.concurrency) }, worker));
  emit('ready', { opened: sockets.length, failed, firstError, ms: Date.now() - started });
}

function measure(expected: number, timeoutMs: number): void {
  tally.reset();
  const cpu = process.cpuUsage();
  const deadline = Date.now() + timeoutMs;
  emit('armed', {});
  const check = setInterval(() => {
    const timedOut = Date.now() > deadline;
    if (tally.received < expected && !timedOut) return;
    clearInterval(check);
    const used = process.cpuUsage(cpu);
    emit('result', { ...tally.report(), timedOut, cpuMs: (used.user + used.system) / 1000 });
  }, 5);
}

function obey(line: string): void {
  const command = JSON.parse(line) as { cmd: string; expected?: number; timeoutMs?: number };
  if (command.cmd === 'measure') return measure(command.expected ?? 0, command.timeoutMs ?? 10_000);
  if (command.cmd === 'status') {
    const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
    emit('status', { open, connectFailures: tally.connectFailures, closed: tally.closed });
  }
}

createInterface({ input: process.stdin }).on('line', obey);
process.stdin.on('end', () => process.exit(0));
await openAll();
