/**
 * Scenario "fan-out": deliveries per second at saturation. 1,000 (quick: 200) WebSocket subscribers; the
 * server publishes a bounded number of notifications at an offered rate of 1,000 publishes/s —
 * 1,000,000 deliveries/s offered, several times what either server can deliver on the bench
 * machine, so the server, not the source, sets the pace (servers/control.ts keeps the schedule
 * and publishes whatever is due whenever its timer gets to run). The rate is deliveries received
 * by all subscribers ÷ time from the first publish to the last receipt. Parley addresses each
 * publish to all 1,000 users (`publishNotification(bus, {userIds, …})`, one session per user); faye publishes
 * to the one channel they all subscribe to. The median of the rounds counts. P3's goal is on server
 * CPU per delivery, which does not depend on whether the load process keeps up (at saturation the
 * load process, not Parley, often bounds deliveries/s): Parley ≤ 0.05× faye's. Deliveries/s is
 * reported beside it, without a goal.
 *
 * Why an offered rate and not "one publish per event-loop turn" (`ratePerSecond: 0`): that
 * source is closed-loop — it slows down with the server — and Parley then has two steady
 * states: falling behind, its queues batch many messages per /meta/connect reply (cheap per
 * delivery), or keeping up, every delivery costs a connect round trip (dearer per delivery than
 * faye's push). Which one a round lands in is chance; docs/benchmarks.md has the numbers.
 *
 * The publish count stays below Parley's maxQueue (1000 messages per session): a subscriber that
 * falls that far behind is ended by design (src/bayeux/hub.ts), which would be a different test.
 */
import { median, row, type BenchContext, type Scenario, type ScenarioResult } from '../scenario.js';
import { peers, round, type Peer } from '../support/peers.js';
import { describeRound, runRound, withHubPairs, type Round } from './hub-pair.js';

/** Offered publishes per second: far above what either server can deliver (see the header). */
const offeredRate = 1000;

/** Quick runs (CI's smoke check of the harness) open 200 subscribers: the 60 s budget is shared. */
function sizes(quick: boolean): { subscribers: number; publishes: number; rounds: number; warmup: number } {
  return quick
    ? { subscribers: 200, publishes: 50, rounds: 1, warmup: 10 }
    : { subscribers: 1000, publishes: 300, rounds: 5, warmup: 50 };
}

/** Rounds alternate between the peers: Parley, faye, Parley, faye, … */
async function measureBoth(context: BenchContext): Promise<Record<Peer, Round[]>> {
  const { subscribers, publishes, rounds, warmup } = sizes(context.quick);
  return withHubPairs(context, { subscribers, warmup, ratePerSecond: offeredRate }, async (pairs) => {
    const measured: Record<Peer, Round[]> = { parley: [], faye: [] };
    for (let index = 0; index < rounds; index += 1) {
      for (const peer of peers) {
        const result = await runRound(pairs[peer], { count: publishes, ratePerSecond: offeredRate }, 90_000);
        context.log(`${peer} fan-out round ${index + 1}/${rounds}: ${describeRound(result)}`);
        measured[peer].push(result);
      }
    }
    return measured;
  });
}

function summary(rounds: readonly Round[]) {
  return {
    deliveriesPerSecond: median(rounds.map((r) => r.deliveriesPerSecond)),
    serverCpuUsPerDelivery: median(
      rounds.map((r) => (r.serverCpuMs * 1000) / Math.max(1, r.result.received)),
    ),
    loadCpuShare: median(rounds.map((r) => r.result.cpuMs / Math.max(1, r.wallMs))),
    complete: rounds.every((r) => r.result.received === r.expected),
    rounds: rounds.map((r) => ({
      expected: r.expected,
      received: r.result.received,
      wallMs: round(r.wallMs, 1),
      publishMs: round(r.report.endedAt - r.report.startedAt, 1),
      deliveriesPerSecond: Math.round(r.deliveriesPerSecond),
      serverCpuMs: r.serverCpuMs,
      loadCpuMs: round(r.result.cpuMs),
      latencyMs: r.result.latencyMs,
      connectFailures: r.result.connectFailures,
      closed: r.result.closed,
    })),
  };
}

function perRound(rounds: ReturnType<typeof summary>['rounds']): string {
  return rounds
    .map(
      (r) =>
        `${r.deliveriesPerSecond.toLocaleString('en-US')} (${((r.serverCpuMs * 1000) / r.received).toFixed(1)})`,
    )
    .join(', ');
}

export const fanOut: Scenario = {
  name: 'fan-out',
  title: 'Hub fan-out to 1,000 (quick: 200) WebSocket subscribers at saturation',
  rowCount: 2,
  async run(context): Promise<ScenarioResult> {
    const rounds = await measureBoth(context);
    const measured = { parley: summary(rounds.parley), faye: summary(rounds.faye) };
    const { parley, faye } = measured;
    const { subscribers, publishes } = sizes(context.quick);
    const count = subscribers.toLocaleString('en-US');
    const notes = [
      `${subscribers} subscribers, ${publishes} publishes per round, median of ${rounds.parley.length} round(s) ` +
        `per server after a warm-up, rounds alternating between the servers; offered rate ${offeredRate} ` +
        `publishes/s (${(offeredRate * subscribers).toLocaleString('en-US')} deliveries/s offered).`,
      `Load process CPU share during the rounds (1.0 = its core saturated): Parley ${parley.loadCpuShare.toFixed(2)}, ` +
        `faye ${faye.loadCpuShare.toFixed(2)}. Where it nears 1.0, the load process — not the server — bounds the rate, ` +
        'and server CPU per delivery is the fairer comparison.',
      'Delivery shape differs by design: Parley answers the held /meta/connect with everything queued for the ' +
        'session (one frame, many messages, each notification serialised once for all sessions); faye pushes each ' +
        'message in its own frame, serialised per subscriber.',
      `Every round, deliveries/s (server CPU µs per delivery): Parley ${perRound(parley.rounds)}; ` +
        `faye ${perRound(faye.rounds)}.`,
    ];
    for (const peer of peers) {
      if (!measured[peer].complete)
        notes.push(`WARNING: ${peer} did not deliver every message in some round.`);
    }
    return {
      rows: [
        row({
          scenario: `Fan-out deliveries/s, ${count} subscribers`,
          unit: 'deliveries/s',
          digits: 0,
          value: parley.deliveriesPerSecond,
          baseline: faye.deliveriesPerSecond,
          baselineName: 'faye',
          goal: '—',
          met: null,
        }),
        row({
          scenario: `P3 Fan-out, server CPU per delivery, ${count} subscribers`,
          unit: 'µs',
          digits: 2,
          value: parley.serverCpuUsPerDelivery,
          baseline: faye.serverCpuUsPerDelivery,
          baselineName: 'faye',
          goal: '≤ 0.05× faye',
          met: parley.serverCpuUsPerDelivery <= 0.05 * faye.serverCpuUsPerDelivery,
        }),
      ],
      details: { subscribers, publishes, parley, faye },
      notes,
    };
  },
};
