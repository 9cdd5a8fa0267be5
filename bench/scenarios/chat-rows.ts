/**
 * The chat scenario's table rows and notes, from its measurements (scenarios/chat.ts). Goals are
 * those of the performance issue (issue 15), each a ratio to a baseline measured in the same run:
 * P1 ≥ 0.5× the fastify no-op route, P2 p99 (to the agent and to the supervisor) ≤ 2× the raw ws
 * echo's p99, P5 p99 ≤ 2× the echo's p99, P6 ≥ 0.5× SQLite. The node:http hello world and
 * Parley's GET /api/v2/me stay as reference rows beside P1. A row whose number could not be
 * measured shows n/a.
 */
import { row, type Row } from '../scenario.js';
import type { HttpRunResult } from '../load/http-run.js';
import { percentile } from '../load/tally.js';
import type { WsEchoResult } from '../load/ws-echo.js';
import type { chatSizes } from './chat.js';
import type { Rounds } from './chat-rounds.js';
import type { ByReceiver, Collected } from './chat-world.js';

/** A P1 contender's rounds (chat-rounds.ts), with the CometD receipts for Parley's SendMessage. */
export interface Throughput extends Rounds {
  readonly deliveries?: ByReceiver;
}

export interface ChatMeasurements {
  readonly sizes: ReturnType<typeof chatSizes>;
  readonly hello: Throughput;
  /** fastify with the same route and a no-op handler (servers/fastify-noop.ts). */
  readonly framework: Throughput;
  readonly echo: WsEchoResult;
  readonly sqlite: {
    setupMs: number;
    p1: Throughput;
    /** GET /api/v2/me on the same server: Parley's HTTP layer and guard, no chat work. */
    me: Throughput;
    p2: { run: HttpRunResult; collected: Collected };
  };
  readonly postgres: { setupMs: number; p1: Throughput };
}

export function chatRows(m: ChatMeasurements): Row[] {
  const { p2 } = m.sqlite;
  const echo = m.echo.latencyMs;
  const rate = m.sizes.p2.ratePerSecond.toLocaleString('en-US');
  const chats = m.sizes.shape.chats.toLocaleString('en-US');
  const p1 = m.sqlite.p1.run.opsPerSecond;
  const framework = m.framework.run.opsPerSecond;
  const latency = (who: 'agent' | 'supervisor', key: 'p50' | 'p99'): Row => {
    const value = percentile(p2.collected.p2[who].latencyMs, key);
    const baseline = percentile(echo, key);
    return row({
      scenario: `P2 customer → ${who} ${key}, ${chats} chats at ${rate}/s`,
      unit: 'ms',
      digits: 2,
      value,
      baseline,
      baselineName: 'raw ws echo',
      goal: key === 'p99' ? '≤ 2× baseline' : '—',
      met: key === 'p99' ? value <= 2 * baseline : null,
    });
  };
  /** A P1 reference row: ops/s beside the fastify no-op's (P1's baseline), no goal. */
  const reference = (scenario: string, t: Throughput): Row =>
    row({
      scenario,
      unit: 'ops/s',
      digits: 0,
      value: t.run.opsPerSecond,
      baseline: framework,
      baselineName: 'fastify no-op',
      goal: '—',
      met: null,
    });
  const intrude = m.sqlite.p2.collected.intrude?.invited.latencyMs;
  const worst = Math.max(
    percentile(p2.collected.p2.agent.latencyMs, 'max'),
    percentile(p2.collected.p2.supervisor.latencyMs, 'max'),
  );
  return [
    row({
      scenario: 'P1 durable SendMessage, SQLite',
      unit: 'ops/s',
      digits: 0,
      value: p1,
      baseline: framework,
      baselineName: 'fastify no-op',
      goal: '≥ 0.5× baseline',
      met: p1 >= 0.5 * framework,
    }),
    row({
      scenario: 'P1 server CPU per op',
      unit: 'µs',
      digits: 1,
      value: m.sqlite.p1.serverCpuUsPerOp,
      baseline: m.framework.serverCpuUsPerOp,
      baselineName: 'fastify no-op',
      goal: '—',
      met: null,
    }),
    reference('P1 reference: node:http hello world (not Parley)', m.hello),
    reference('P1 reference: Parley GET /api/v2/me (HTTP layer and guard, no chat work)', m.sqlite.me),
    latency('agent', 'p50'),
    latency('agent', 'p99'),
    latency('supervisor', 'p50'),
    latency('supervisor', 'p99'),
    row({
      scenario: 'P2 worst delivery (agent or supervisor)',
      unit: 'ms',
      digits: 2,
      value: worst,
      baseline: percentile(echo, 'max'),
      baselineName: 'raw ws echo',
      goal: '—',
      met: null,
    }),
    ...(['p50', 'p99'] as const).map((key) =>
      row({
        scenario: `P5 Intrude → Invited ${key}, under P2 load`,
        unit: 'ms',
        digits: 2,
        value: percentile(intrude, key),
        baseline: percentile(echo, key),
        baselineName: 'raw ws echo',
        goal: key === 'p99' ? '≤ 2× baseline' : '—',
        met: key === 'p99' ? percentile(intrude, key) <= 2 * percentile(echo, key) : null,
      }),
    ),
    row({
      scenario: 'P6 durable SendMessage, PostgreSQL',
      unit: 'ops/s',
      digits: 0,
      value: m.postgres.p1.run.opsPerSecond,
      baseline: p1,
      baselineName: 'SQLite',
      goal: '≥ 0.5× baseline',
      met: m.postgres.p1.run.opsPerSecond >= 0.5 * p1,
    }),
  ];
}

function fanOut(name: string, t: Throughput): string {
  const { agent, supervisor } = t.deliveries ?? {};
  const complete = agent?.received === t.answered && supervisor?.received === t.answered;
  return (
    `${name}: ${t.answered} SendMessage answered statusCode 0 over all rounds and warm-ups (${t.run.failed} failed in the median round${t.run.firstFailure === null ? '' : `, first: ${t.run.firstFailure}`}); ` +
    `received over CometD WebSocket by the agents ${agent?.received ?? 0}, by the supervisors ${supervisor?.received ?? 0}` +
    (complete ? ' — every message reached both.' : ' — WARNING: not every message reached both.') +
    ` Request → response p50 ${percentile(t.run.latencyMs, 'p50').toFixed(2)} ms, p99 ${percentile(t.run.latencyMs, 'p99').toFixed(2)} ms; ` +
    `server CPU ${t.serverCpuUsPerOp.toFixed(1)} µs per op; meter CPU ${t.run.cpuMs.toFixed(0)} ms.`
  );
}

const perRound = (t: Throughput): string => t.opsPerRound.map((ops) => Math.round(ops)).join(', ');

export function chatNotes(m: ChatMeasurements): string[] {
  const { shape, p1, p2, intrude } = m.sizes;
  const { run, collected } = m.sqlite.p2;
  const i = collected.intrude;
  const perSupervisor = Math.ceil(shape.agents / shape.supervisors);
  return [
    `World: ${shape.agents} agents (chatCapacity ${shape.chatCapacity}), ${shape.supervisors} supervisors each in Monitor ` +
      `(AllChats) on ${perSupervisor} agents, 1 intruding supervisor, ${shape.chats} accepted customer chats; every party ` +
      `logged in once with Basic and then uses its JSESSIONID; set up through the API in ${m.sqlite.setupMs} ms ` +
      `(SQLite), ${m.postgres.setupMs} ms (PostgreSQL).`,
    `P1/P6: ${p1.connections} keep-alive connections, closed loop; ${p1.rounds} rounds in which the hello world, ` +
      `the fastify no-op, Parley SendMessage on SQLite, Parley GET /api/v2/me and Parley SendMessage on PostgreSQL ` +
      `take turns, each a ${p1.durationMs} ms counted run after a ${p1.warmupMs} ms warm-up; each row shows the ` +
      `median round. The fastify no-op (P1's baseline) and the hello world get the same requests (paths, cookies, bodies). Ops/s per round: ` +
      `hello ${perRound(m.hello)}; fastify no-op ${perRound(m.framework)}; SQLite ${perRound(m.sqlite.p1)}; ` +
      `GET /api/v2/me ${perRound(m.sqlite.me)}; PostgreSQL ${perRound(m.postgres.p1)}.`,
    `Hello world: ${Math.round(m.hello.run.opsPerSecond)} ops/s, server CPU ${m.hello.serverCpuUsPerOp.toFixed(1)} µs per op, meter CPU ${m.hello.run.cpuMs.toFixed(0)} ms.`,
    `Fastify no-op (Parley's framework, same route and requests, no auth, validation, store or fan-out): ` +
      `${Math.round(m.framework.run.opsPerSecond)} ops/s, server CPU ${m.framework.serverCpuUsPerOp.toFixed(1)} µs per op — ` +
      `the ceiling any fastify route reaches here (P1's baseline), ${(m.framework.run.opsPerSecond / m.hello.run.opsPerSecond).toFixed(2)}× the hello world.`,
    `Parley GET /api/v2/me (same server and connections as P1, each agent's cookie; routing, guard, validation, ` +
      `envelope, no chat work): ${Math.round(m.sqlite.me.run.opsPerSecond)} ops/s, ${m.sqlite.me.run.failed} failed, ` +
      `server CPU ${m.sqlite.me.serverCpuUsPerOp.toFixed(1)} µs per op — the most any authenticated Parley operation ` +
      `reaches here, ${(m.sqlite.me.run.opsPerSecond / m.framework.run.opsPerSecond).toFixed(2)}× the fastify no-op.`,
    fanOut('P1 SQLite', m.sqlite.p1),
    fanOut('P6 PostgreSQL', m.postgres.p1),
    `P2: ${p2.ratePerSecond} customer SendMessage/s in total over ${p2.connections} connections for ${p2.durationMs} ms ` +
      `after a ${p2.warmupMs} ms warm-up; ${run.ok} answered (${run.failed} failed), ${collected.p2.agent.received} ` +
      `received by agents, ${collected.p2.supervisor.received} by supervisors; most requests waiting for a free ` +
      `connection: ${run.queuedMax}. Customer POST → 200: p50 ${percentile(run.latencyMs, 'p50').toFixed(2)} ms, ` +
      `p99 ${percentile(run.latencyMs, 'p99').toFixed(2)} ms.`,
    `Raw ws echo: ${m.sizes.echoSockets} sockets, same rate and duration — half just before P2, half just after, pooled — ${m.echo.received} of ${m.echo.sent} echoed; ` +
      `p50 ${percentile(m.echo.latencyMs, 'p50').toFixed(3)} ms, p99 ${percentile(m.echo.latencyMs, 'p99').toFixed(3)} ms.`,
    i === null
      ? 'P5: the Intrude loop did not run.'
      : `P5: ${i.attempted} Intrude (Monitor) + Reject, one at a time every ${intrude.intervalMs} ms during P2, ` +
        `${i.failures} failed${i.firstFailure === null ? '' : ` (first: ${i.firstFailure})`}; Intrude → HTTP response ` +
        `p50 ${percentile(i.response.latencyMs, 'p50').toFixed(2)} ms, p99 ${percentile(i.response.latencyMs, 'p99').toFixed(2)} ms.`,
  ];
}
