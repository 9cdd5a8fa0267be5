/**
 * The setup the hub scenarios (fan-out, latency) share: for each peer, a hub server (Parley's
 * hub or faye) on the server core and a load process holding all the subscribers on the load
 * core; a warm-up (so that servers and load processes run JIT-compiled code before anything is
 * timed); then the scenario's rounds; then everything stopped, servers first.
 */
import type { BenchContext } from '../scenario.js';
import { benchChannel } from '../support/payload.js';
import {
  arm,
  peers,
  publish,
  startHubServer,
  startLoad,
  webSocketUrl,
  type Load,
  type LoadResult,
  type Peer,
  type Server,
} from '../support/peers.js';
import type { PublishReport, PublishRequest } from '../servers/control.js';
import { cpuMs } from '../support/proc-stats.js';

export interface HubPair {
  readonly peer: Peer;
  readonly server: Server;
  readonly load: Load;
  readonly subscribers: number;
}

export interface Round {
  readonly expected: number;
  readonly report: PublishReport;
  readonly result: LoadResult;
  /** Server CPU used from arming to the last receipt. */
  readonly serverCpuMs: number;
  /** First publish → last receipt. */
  readonly wallMs: number;
  readonly deliveriesPerSecond: number;
}

/** Publishes and waits until every subscriber received every notification (or the timeout). */
export async function runRound(
  pair: HubPair,
  request: Omit<PublishRequest, 'subscribers'>,
  timeoutMs: number,
): Promise<Round> {
  const expected = request.count * pair.subscribers;
  const cpuBefore = cpuMs(pair.server.child.pid);
  const armed = await arm(pair.load, expected, timeoutMs);
  const report = await publish(pair.server, { ...request, subscribers: pair.subscribers });
  const result = await armed.result;
  const serverCpuMs = cpuMs(pair.server.child.pid) - cpuBefore;
  const wallMs = result.lastAt - report.startedAt;
  const deliveriesPerSecond = wallMs > 0 ? (result.received * 1000) / wallMs : 0;
  return { expected, report, result, serverCpuMs, wallMs, deliveriesPerSecond };
}

export function describeRound(round: Round): string {
  const { result } = round;
  const complete =
    result.received === round.expected ? 'all' : `ONLY ${result.received} of ${round.expected}`;
  return (
    `${complete} delivered in ${round.wallMs.toFixed(0)} ms (${Math.round(round.deliveriesPerSecond)}/s), ` +
    `server CPU ${round.serverCpuMs.toFixed(0)} ms, load CPU ${result.cpuMs.toFixed(0)} ms` +
    (result.connectFailures > 0 ? `, ${result.connectFailures} refused connects` : '') +
    (result.closed > 0 ? `, ${result.closed} sockets closed` : '')
  );
}

async function openHubPair(
  context: BenchContext,
  options: { peer: Peer; subscribers: number; warmup: number; ratePerSecond: number },
): Promise<HubPair> {
  const { peer, subscribers } = options;
  const server = await startHubServer(context, peer);
  const load = await startLoad(context, {
    url: webSocketUrl(server),
    sessions: subscribers,
    firstIndex: 0,
    auth: peer === 'parley' ? { kind: 'basic-per-user' } : { kind: 'none' },
    channel: benchChannel,
  });
  const { opened, firstError, ms } = load.ready;
  if (opened !== subscribers)
    throw new Error(`${peer}: ${opened} of ${subscribers} subscribers: ${firstError}`);
  context.log(`${peer}: ${subscribers} subscribers in ${ms} ms`);
  const pair: HubPair = { peer, server, load, subscribers };
  const warm = await runRound(pair, { count: options.warmup, ratePerSecond: options.ratePerSecond }, 30_000);
  if (warm.result.received !== warm.expected) {
    throw new Error(`${peer}: warm-up incomplete: ${describeRound(warm)}`);
  }
  return pair;
}

/**
 * Starts a pair for each peer (both stay up: an idle server and an idle load process cost next
 * to nothing), warms each up with `warmup` publishes at `ratePerSecond`, runs `measure`, then
 * stops every server before its load process. Keeping both pairs up lets scenarios alternate
 * their rounds between the peers, so that a change in background load hits both alike.
 */
export async function withHubPairs<T>(
  context: BenchContext,
  options: { subscribers: number; warmup: number; ratePerSecond: number },
  measure: (pairs: Readonly<Record<Peer, HubPair>>) => Promise<T>,
): Promise<T> {
  const opened: HubPair[] = [];
  try {
    for (const peer of peers) opened.push(await openHubPair(context, { ...options, peer }));
    const [parley, faye] = opened as [HubPair, HubPair];
    return await measure({ parley, faye });
  } finally {
    for (const pair of opened) await pair.server.child.stop();
    for (const pair of opened) await pair.load.child.stop();
  }
}
