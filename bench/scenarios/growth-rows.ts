/**
 * The growth scenario's table rows and notes (scenarios/growth.ts). Goals of the performance
 * issue: P8 server CPU per SendMessage and P2's p99 (to the agent, to the supervisor) in the large
 * world ≤ 1.2× the small world's; P9 RSS per active supervised chat in the large world, reported,
 * and per party (÷ 3) ≤ 2× P4's 6 KB per session. A row whose number could not be measured shows
 * n/a.
 */
import { row, type Row } from '../scenario.js';
import type { HistoryReport } from '../load/history.js';
import { percentile } from '../load/tally.js';
import type { Side } from './chat-turns.js';
import type { WorldShape } from './chat-world.js';
import type { GrowthSizes } from './growth.js';

/** P4's goal: server RSS per idle authenticated CometD WebSocket session (idle-memory.ts). */
export const p4GoalKb = 6;
/** The parties of a supervised chat: its agent, its customer, its supervisor. */
const partiesPerChat = 3;

/** VmRSS and its anonymous and file-backed parts (RssAnon, RssFile), MB = 1,048,576 bytes. */
export interface MbParts {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
}

export interface GrowthWorld {
  readonly shape: WorldShape;
  readonly setupMs: number;
  readonly history: HistoryReport | null;
  /** After start-up and the administrator's login, and after set-up and transcripts. */
  readonly rssMb: { readonly start: MbParts; readonly after: MbParts };
  /** (after − start) ÷ chats, KB = 1,024 bytes. */
  readonly kbPerChat: number;
  /** Share of a core the server used in the last window before P8 (nothing was sent to it then). */
  readonly idleCpuShare: number;
  readonly p8: Side;
}

export interface GrowthMeasurements {
  readonly sizes: GrowthSizes;
  /** How long the bench waited, after set-up, for both servers to idle (growth.ts). */
  readonly idleWaitedMs: number;
  readonly small: GrowthWorld;
  readonly large: GrowthWorld;
}

const answered = (side: Side): number => side.runs.reduce((sum, run) => sum + run.ok, 0);
const count = (value: number): string => value.toLocaleString('en-US');
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const plural = (value: number, noun: string): string => `${count(value)} ${noun}${value === 1 ? '' : 's'}`;

/** Server CPU over the counted halves ÷ customer SendMessage answered in them. */
export function cpuUsPerMessage(side: Side): number {
  const ok = answered(side);
  return ok === 0 ? Number.NaN : ((side.serverCpuMs[0] ?? Number.NaN) * 1000) / ok;
}

export function growthRows(m: GrowthMeasurements): Row[] {
  const { small, large } = m;
  const chats = count(large.shape.chats);
  const baselineName = `${count(small.shape.chats)} chats` as const;
  const rate = count(m.sizes.p2.ratePerSecond);
  const versus = (fields: {
    scenario: string;
    unit: string;
    digits: number;
    of: (w: GrowthWorld) => number;
  }) => {
    const value = fields.of(large);
    const baseline = fields.of(small);
    return row({
      scenario: fields.scenario,
      unit: fields.unit,
      digits: fields.digits,
      value,
      baseline,
      baselineName,
      goal: '≤ 1.2× baseline',
      met: value <= 1.2 * baseline,
    });
  };
  const latency = (who: 'agent' | 'supervisor'): Row =>
    versus({
      scenario: `P8 customer → ${who} p99, ${chats} chats at ${rate}/s`,
      unit: 'ms',
      digits: 2,
      of: (world) => percentile(world.p8.collected?.[who].latencyMs, 'p99'),
    });
  const perParty = large.kbPerChat / partiesPerChat;
  return [
    versus({
      scenario: `P8 server CPU per customer SendMessage, ${chats} chats`,
      unit: 'µs',
      digits: 1,
      of: (world) => cpuUsPerMessage(world.p8),
    }),
    latency('agent'),
    latency('supervisor'),
    row({
      scenario: `P9 RSS per active supervised chat, ${chats} chats (${m.sizes.history.messages}-message transcripts)`,
      unit: 'KB RSS/chat',
      digits: 1,
      value: large.kbPerChat,
      baseline: small.kbPerChat,
      baselineName,
      goal: '—',
      met: null,
    }),
    row({
      scenario: `P9 RSS per party (a chat's ÷ ${partiesPerChat}), ${chats} chats`,
      unit: 'KB RSS/party',
      digits: 1,
      value: perParty,
      baseline: p4GoalKb,
      baselineName: 'P4 goal',
      goal: '≤ 2× baseline',
      met: perParty <= 2 * p4GoalKb,
    }),
  ];
}

const ms = (value: number): string => value.toFixed(2);

function describeWorld(name: string, world: GrowthWorld): string {
  const { shape, history, p8 } = world;
  const { start, after } = world.rssMb;
  const ok = answered(p8);
  const failed = p8.runs.reduce((sum, run) => sum + run.failed, 0);
  const firstFailure = p8.runs.find((run) => run.firstFailure !== null)?.firstFailure;
  const { agent, supervisor } = p8.collected ?? {};
  // A request the ticker sends as a half ends is delivered but not counted: received may exceed ok.
  const complete = (agent?.received ?? 0) >= ok && (supervisor?.received ?? 0) >= ok;
  const receipt = (who: 'agent' | 'supervisor') =>
    `p50 ${ms(percentile(p8.collected?.[who].latencyMs, 'p50'))}, p99 ${ms(percentile(p8.collected?.[who].latencyMs, 'p99'))}, ` +
    `worst ${ms(percentile(p8.collected?.[who].latencyMs, 'max'))} ms`;
  const historyRate = history === null ? 0 : Math.round((history.sent * 1000) / Math.max(1, history.ms));
  return (
    `${name} (${count(shape.chats)} chats): set up through the API in ${world.setupMs} ms; ` +
    `${count(history?.sent ?? 0)} history SendMessage in ${history?.ms ?? 0} ms (${count(historyRate)}/s). ` +
    `VmRSS ${start.rss} MB after start-up and the admin's login → ${after.rss} MB after set-up and transcripts ` +
    `(anonymous ${start.anon} → ${after.anon} MB, file-backed ${start.file} → ${after.file} MB): ` +
    `${world.kbPerChat.toFixed(1)} KB per chat. P8: ${ok} customer SendMessage answered statusCode 0 in the ` +
    `counted halves (${failed} failed${firstFailure === undefined ? '' : `, first: ${firstFailure}`}); received ` +
    `by agents ${agent?.received ?? 0}, by supervisors ${supervisor?.received ?? 0}` +
    (complete ? ' — every answered message reached both' : ' — WARNING: not every message reached both') +
    `; to agents ${receipt('agent')}; to supervisors ${receipt('supervisor')}; server CPU ` +
    `${cpuUsPerMessage(p8).toFixed(1)} µs per message.`
  );
}

export function growthNotes(m: GrowthMeasurements): string[] {
  const { sizes, small, large } = m;
  const { p2, halves, history, idle } = sizes;
  const half = Math.round(p2.durationMs / halves);
  const shape = (world: GrowthWorld): string => {
    const { agents, supervisors, chats } = world.shape;
    return `${count(chats)} chats: ${plural(agents, 'agent')}, ${plural(supervisors, 'supervisor')}`;
  };
  // What one more chat costs, with what every world pays once (JIT code, heap and cache growth) cancelled out.
  const marginal =
    (large.kbPerChat * large.shape.chats - small.kbPerChat * small.shape.chats) /
    (large.shape.chats - small.shape.chats);
  const perSupervisor = Math.ceil(large.shape.agents / large.shape.supervisors);
  const { agents, supervisors, chats } = large.shape;
  // The intruding supervisor of world-setup.ts is there too, idle (nothing intrudes here).
  const cometd = agents + supervisors + 1;
  return [
    `Two worlds of the real server on SQLite, up at once and built concurrently (servers on the server core, ` +
      `parties on the load core): ${shape(small)}; ${shape(large)} (chatCapacity ${small.shape.chatCapacity}); ` +
      `every supervisor in Monitor (AllChats) on ${plural(perSupervisor, 'agent')} in both, plus one idle intruding ` +
      `supervisor; every chat accepted, then given ${history.messages} agent SendMessage (${history.concurrency} ` +
      `at a time, message k to every chat before message k + 1) before anything is measured.`,
    `P8: P2's load on each world — ${p2.ratePerSecond} customer SendMessage/s over ${p2.connections} connections, ` +
      `a ${p2.warmupMs} ms warm-up, then ${p2.durationMs} ms counted in ${halves} halves of ${half} ms, taken in ` +
      `turns (small, large, large, small); server CPU per message is the server process's CPU (/proc) over the ` +
      `counted halves ÷ messages answered in them. Before it (and before P9's reading), the bench waited ` +
      `${count(m.idleWaitedMs)} ms for both servers to idle (under ${pct(idle.share)} of a core over ` +
      `${count(idle.windowMs)} ms, ${count(idle.maxMs / 1000)} s at most): in the last window the small server used ` +
      `${pct(small.idleCpuShare)}, the large ${pct(large.idleCpuShare)} of a core, with no request sent to either ` +
      `(their timers — routing's and the outbox relay's sweeps, session sweeps — run meanwhile).`,
    `P9: VmRSS (/proc/<pid>/status) of each server after set-up and transcripts minus its VmRSS right after it ` +
      `started and the administrator logged in (before any party), ÷ chats; KB = 1,024 bytes. It counts everything ` +
      `the world added to the process — chats, participants, transcripts, sessions, SQLite's page cache, and garbage ` +
      `not yet collected — so it is an upper bound. Sessions per chat in the large world: ` +
      `${(cometd / chats).toFixed(4)} CometD WebSocket sessions (${cometd} agents and supervisors; the customer ` +
      `API is REST polling, no CometD session), ${((agents + supervisors + chats) / chats).toFixed(4)} parties with ` +
      `a session of some kind (agents + supervisors + customers ÷ chats).`,
    `P9's goal "≤ 2× P4 per session", as read here: a supervised chat has three parties (agent, customer, ` +
      `supervisor), so RSS per chat ÷ 3 must stay within twice P4's goal of ${p4GoalKb} KB per idle session — ` +
      `${2 * p4GoalKb} KB per party, ${2 * p4GoalKb * partiesPerChat} KB per chat. The raw KB per chat is the row ` +
      `above it, beside the small world's; the small world's is the larger because what every world pays once ` +
      `is shared by fewer chats. The marginal cost — the large world's growth minus the small world's, ÷ the ` +
      `${count(large.shape.chats - small.shape.chats)} chats between them — is ${marginal.toFixed(1)} KB per chat ` +
      `(${(marginal / partiesPerChat).toFixed(1)} KB per party).`,
    describeWorld('Small', small),
    describeWorld('Large', large),
  ];
}
