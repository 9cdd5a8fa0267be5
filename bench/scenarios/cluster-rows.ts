/**
 * The cluster scenario's table rows and notes (scenarios/cluster.ts): P7, customer on node 1 →
 * agent on node 2 over the Redis bus, against one node with its in-process bus measured in the
 * same run. Goal: two-node p99 ≤ 1.5× one-node p99. A row whose number could not be measured
 * shows n/a.
 */
import { row, type Row } from '../scenario.js';
import { percentile, type PercentileKey } from '../load/tally.js';
import type { Side } from './chat-turns.js';
import type { clusterSizes } from './cluster.js';

export interface ClusterMeasurements {
  readonly sizes: ReturnType<typeof clusterSizes>;
  /** Whether the servers were pinned (both nodes on the one server core). */
  readonly pinned: boolean;
  readonly prefix: string;
  readonly oneNode: Side;
  readonly twoNodes: Side;
}

const ms = (value: number): string => value.toFixed(2);

export function clusterRows(m: ClusterMeasurements): Row[] {
  const rate = m.sizes.p2.ratePerSecond.toLocaleString('en-US');
  const chats = m.sizes.shape.chats.toLocaleString('en-US');
  const latency = (who: 'agent' | 'supervisor', key: 'p50' | 'p99'): Row => {
    const value = percentile(m.twoNodes.collected?.[who].latencyMs, key);
    const baseline = percentile(m.oneNode.collected?.[who].latencyMs, key);
    const goal = who === 'agent' && key === 'p99';
    return row({
      scenario: `P7 customer (node 1) → ${who} (node 2) ${key}, ${chats} chats at ${rate}/s`,
      unit: 'ms',
      digits: 2,
      value,
      baseline,
      baselineName: 'one node',
      goal: goal ? '≤ 1.5× baseline' : '—',
      met: goal ? value <= 1.5 * baseline : null,
    });
  };
  return [
    latency('agent', 'p50'),
    latency('agent', 'p99'),
    latency('supervisor', 'p50'),
    latency('supervisor', 'p99'),
  ];
}

/** Sent, answered and received, POST → 200 per half, nodes' CPU per message. */
function describe(name: string, side: Side): string {
  const ok = side.runs.reduce((sum, run) => sum + run.ok, 0);
  const failed = side.runs.reduce((sum, run) => sum + run.failed, 0);
  const firstFailure = side.runs.find((run) => run.firstFailure !== null)?.firstFailure;
  const { agent, supervisor } = side.collected ?? {};
  // A request the ticker sends as a half ends is delivered but not counted: received may exceed ok.
  const complete = (agent?.received ?? 0) >= ok && (supervisor?.received ?? 0) >= ok;
  const posts = side.runs
    .map((run) => `p50 ${ms(percentile(run.latencyMs, 'p50'))}, p99 ${ms(percentile(run.latencyMs, 'p99'))}`)
    .join('; ');
  const cpu = side.serverCpuMs
    .map((used, index) => {
      const node = side.serverCpuMs.length === 1 ? 'the node' : `node ${index + 1}`;
      return `${node} ${((used * 1000) / Math.max(1, ok)).toFixed(0)} µs`;
    })
    .join(', ');
  const receipt = (key: PercentileKey) =>
    `${who('agent', key)} ms to agents, ${who('supervisor', key)} ms to supervisors`;
  const who = (receiver: 'agent' | 'supervisor', key: PercentileKey) =>
    ms(percentile(side.collected?.[receiver].latencyMs, key));
  return (
    `${name}: ${ok} customer SendMessage answered statusCode 0 in the counted halves (${failed} failed` +
    `${firstFailure === undefined ? '' : `, first: ${firstFailure}`}); received by agents ${agent?.received ?? 0}, ` +
    `by supervisors ${supervisor?.received ?? 0}` +
    (complete ? ' — every answered message reached both.' : ' — WARNING: not every message reached both.') +
    ` Receipt p50 ${receipt('p50')}; p99 ${receipt('p99')}; worst ${receipt('max')}. ` +
    `Customer POST → 200 per half: ${posts} ms. Server CPU per message: ${cpu}. ` +
    `World set up in ${side.setupMs} ms.`
  );
}

export function clusterNotes(m: ClusterMeasurements): string[] {
  const { shape, p2, halves } = m.sizes;
  const half = Math.round(p2.durationMs / halves);
  const ratio = (key: 'p50' | 'p99') =>
    (
      percentile(m.twoNodes.collected?.agent.latencyMs, key) /
      percentile(m.oneNode.collected?.agent.latencyMs, key)
    ).toFixed(2);
  return [
    `Two worlds of P2's shape (${shape.agents} agents at chatCapacity ${shape.chatCapacity}, ${shape.supervisors} ` +
      `supervisors in Monitor, ${shape.chats} accepted chats), each on a fresh PostgreSQL schema: ONE node with its ` +
      `in-process bus (no REDIS_URL), and TWO nodes on one schema with REDIS_URL (PARLEY_REDIS_PREFIX fresh per run, ` +
      `keys deleted afterwards). In the two-node world every REST call (set-up, the customers' SendMessage) goes to ` +
      `node 1 and every agent's and supervisor's CometD WebSocket is connected directly to node 2 (no load balancer).`,
    `P2's load for each: ${p2.ratePerSecond} customer SendMessage/s over ${p2.connections} connections, a ` +
      `${p2.warmupMs} ms warm-up, then ${p2.durationMs} ms counted in ${halves} halves of ${half} ms, taken in turns ` +
      `(one node, two nodes, two nodes, one node); each world's receipts over both halves make its percentiles.`,
    m.pinned
      ? 'Pinning: both Parley nodes run on the server core (run.ts pins every server to core 0), which the single ' +
        'node has to itself: two nodes get no more CPU than one. Meter and parties processes on the load core; ' +
        'PostgreSQL and Redis are unpinned machine services in both runs.'
      : 'Pinning: none (taskset missing or fewer than 2 cores): nodes, load, PostgreSQL and Redis share every core.',
    `Two nodes ÷ one node, customer → agent: p50 ${ratio('p50')}×, p99 ${ratio('p99')}×.`,
    describe('Two nodes', m.twoNodes),
    describe('One node', m.oneNode),
  ];
}
