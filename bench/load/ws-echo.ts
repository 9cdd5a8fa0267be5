/**
 * The P2 baseline's client: `sockets` WebSocket connections to bench/servers/ws-echo.ts; at a fixed
 * total rate, the next socket (in turn) sends its send time as text and the echo is timed on
 * receipt. What one raw `ws` hop each way costs on this machine, at the rate P2 runs at.
 *
 * A measurement may come in two parts around another one (scenarios/chat.ts: before and after
 * P2, so that the echo sees the same moments of this machine's drifting speed as Parley): the
 * `first` part's latencies are kept here and the `last` part's result covers both.
 */
import { WebSocket } from 'ws';
import { epochMs, sleep } from '../support/clock.js';
import { Tally, type LatencySummary } from './tally.js';

export interface WsEchoRequest {
  readonly url: string;
  readonly sockets: number;
  readonly ratePerSecond: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** `first`: keep this part's latencies for the next run's; `last`: report both parts together. */
  readonly part?: 'first' | 'last';
}

export interface WsEchoResult {
  readonly sent: number;
  readonly received: number;
  readonly latencyMs: LatencySummary | null;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    const timer = setTimeout(() => reject(new Error('ws-echo: connect timed out')), 10_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** The `first` part's tally and count, until the `last` part continues them. */
let carried: { tally: Tally; sent: number } | undefined;

export async function wsEcho(request: WsEchoRequest): Promise<WsEchoResult> {
  const sockets = await Promise.all(Array.from({ length: request.sockets }, () => open(request.url)));
  const earlier = request.part === 'last' ? carried : undefined;
  carried = undefined;
  const tally = earlier?.tally ?? new Tally();
  const start = epochMs();
  const measureFrom = start + request.warmupMs;
  const end = measureFrom + request.durationMs;
  let sent = earlier?.sent ?? 0;
  for (const socket of sockets) {
    socket.on('message', (data: Buffer) => {
      const sentAt = Number(data.toString());
      if (sentAt >= measureFrom) tally.deliver(sentAt, epochMs());
    });
  }
  let issued = 0;
  const ticker = setInterval(() => {
    const now = epochMs();
    const due = Math.floor(((Math.min(now, end) - start) * request.ratePerSecond) / 1000) - issued;
    for (let index = 0; index < due; index += 1) {
      const stamp = epochMs();
      sockets[issued++ % sockets.length]!.send(stamp.toFixed(3));
      if (stamp >= measureFrom) sent += 1;
    }
  }, 1);
  while (epochMs() < end) await sleep(20);
  clearInterval(ticker);
  for (let waited = 0; tally.received < sent && waited < 2000; waited += 20) await sleep(20);
  for (const socket of sockets) socket.terminate();
  if (request.part === 'first') carried = { tally, sent };
  return { sent, received: tally.received, latencyMs: tally.report().latencyMs };
}
