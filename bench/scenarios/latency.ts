/**
 * Scenario "latency": publish → receipt time at a fixed publish rate that both servers sustain.
 * Every notification carries its publish time (support/clock.ts, comparable across processes on
 * one machine); the load process times every delivery to every one of the 1,000 (quick: 200) subscribers and
 * reports exact percentiles per segment. Segments alternate between the servers (Parley, faye,
 * Parley, …) and the median segment counts, so that a burst of background load does not land on
 * one server only.
 *
 * The rate: 10 publishes/s × 1,000 subscribers = 10,000 deliveries/s. A fixed-rate latency test
 * only means something below both servers' saturation, or it times a growing backlog. On the
 * 2-core bench machine faye saturates at roughly 25,000–35,000 deliveries/s (fan-out scenario,
 * docs/benchmarks.md), so 10,000/s is about a third of faye's capacity and a small fraction of
 * Parley's; 100/s or 200/s (100,000–200,000 deliveries/s) would only measure faye's queue. A
 * segment counts as sustained when every delivery arrived, the last within 500 ms of the last
 * publish.
 *
 * The number includes the load process's share: one process plays 1,000 clients, so delivery k
 * of a publish also waits for the k − 1 frames before it to be read — and, on Parley, for the
 * /meta/connect each of those clients sends back (notes in docs/benchmarks.md).
 */
import { median, row, type BenchContext, type Scenario, type ScenarioResult } from '../scenario.js';
import { peers, round, type Peer } from '../support/peers.js';
import { describeRound, runRound, withHubPairs, type Round } from './hub-pair.js';

export const latencyRate = 10;
const sustainedDrainMs = 500;

/** Quick runs (CI's smoke check of the harness) open 200 subscribers: the 60 s budget is shared. */
function sizes(quick: boolean): { subscribers: number; segments: number; seconds: number } {
  return quick
    ? { subscribers: 200, segments: 1, seconds: 1 }
    : { subscribers: 1000, segments: 3, seconds: 5 };
}

async function measureBoth(context: BenchContext): Promise<Record<Peer, Round[]>> {
  const { subscribers, segments, seconds } = sizes(context.quick);
  const count = latencyRate * seconds;
  // A second of warm-up publishes (a few in quick runs, which only check the harness).
  const options = { subscribers, warmup: context.quick ? 3 : latencyRate, ratePerSecond: latencyRate };
  return withHubPairs(context, options, async (pairs) => {
    const measured: Record<Peer, Round[]> = { parley: [], faye: [] };
    for (let index = 0; index < segments; index += 1) {
      for (const peer of peers) {
        const result = await runRound(
          pairs[peer],
          { count, ratePerSecond: latencyRate },
          seconds * 1000 + 30_000,
        );
        context.log(`${peer} latency segment ${index + 1}/${segments}: ${describeRound(result)}`);
        measured[peer].push(result);
      }
    }
    return measured;
  });
}

function segment(measured: Round) {
  return {
    latencyMs: measured.result.latencyMs,
    expected: measured.expected,
    received: measured.result.received,
    /** Last publish → last receipt. */
    drainMs: round(measured.result.lastAt - measured.report.endedAt, 1),
    serverCpuShare: round(measured.serverCpuMs / measured.wallMs, 2),
    serverCpuUsPerDelivery: round((measured.serverCpuMs * 1000) / Math.max(1, measured.result.received), 2),
    loadCpuShare: round(measured.result.cpuMs / measured.wallMs, 2),
  };
}

function summary(rounds: readonly Round[]) {
  const segments = rounds.map(segment);
  const of = (pick: (value: ReturnType<typeof segment>) => number | undefined): number =>
    median(segments.map((value) => pick(value) ?? Number.NaN));
  return {
    p50: of((value) => value.latencyMs?.p50),
    p99: of((value) => value.latencyMs?.p99),
    mean: of((value) => value.latencyMs?.mean),
    max: Math.max(...segments.map((value) => value.latencyMs?.max ?? Number.NaN)),
    serverCpuShare: of((value) => value.serverCpuShare),
    serverCpuUsPerDelivery: of((value) => value.serverCpuUsPerDelivery),
    loadCpuShare: of((value) => value.loadCpuShare),
    sustained: segments.every(
      (value) => value.received === value.expected && value.drainMs <= sustainedDrainMs,
    ),
    segments,
  };
}

export const latency: Scenario = {
  name: 'latency',
  title: `Publish → receipt latency at ${latencyRate} publishes/s × 1,000 (quick: 200) subscribers`,
  rowCount: 3,
  async run(context): Promise<ScenarioResult> {
    const rounds = await measureBoth(context);
    const measured = { parley: summary(rounds.parley), faye: summary(rounds.faye) };
    const { parley, faye } = measured;
    const { subscribers, segments, seconds } = sizes(context.quick);
    const notes = [
      `${latencyRate} publishes/s to ${subscribers} subscribers (${latencyRate * subscribers} deliveries/s) in ` +
        `${segments} segment(s) of ${seconds} s per server, alternating, after a 1 s warm-up at the same rate; ` +
        'every delivery timed; the median segment counts.',
      `Mean: Parley ${parley.mean.toFixed(2)} ms, faye ${faye.mean.toFixed(2)} ms; worst delivery: ` +
        `Parley ${parley.max.toFixed(1)} ms, faye ${faye.max.toFixed(1)} ms.`,
      `CPU share at this rate (1.0 = a saturated core): server Parley ${parley.serverCpuShare}, faye ` +
        `${faye.serverCpuShare}; load process Parley ${parley.loadCpuShare}, faye ${faye.loadCpuShare}.`,
    ];
    for (const peer of peers) {
      if (!measured[peer].sustained)
        notes.push(`WARNING: ${peer} did not sustain the rate in every segment.`);
    }
    const common = { unit: 'ms', digits: 2, baselineName: 'faye', goal: '—', met: null } as const;
    return {
      rows: [
        row({
          scenario: `Latency p50 at ${latencyRate}/s`,
          value: parley.p50,
          baseline: faye.p50,
          ...common,
        }),
        row({
          scenario: `Latency p99 at ${latencyRate}/s`,
          value: parley.p99,
          baseline: faye.p99,
          ...common,
        }),
        row({
          scenario: `Server CPU per delivery at ${latencyRate}/s`,
          value: parley.serverCpuUsPerDelivery,
          baseline: faye.serverCpuUsPerDelivery,
          ...common,
          unit: 'µs',
        }),
      ],
      details: { subscribers, ratePerSecond: latencyRate, segments, seconds, parley, faye },
      notes,
    };
  },
};
