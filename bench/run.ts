/**
 * # Parley benchmark
 *
 * Measures the real server (dist/main.js, built from src/) and Parley's Bayeux hub (src/bayeux)
 * against baselines measured in the same run on this machine — faye 1.4.3, fastify's no-op route,
 * a bare `node:http` hello world, a raw `ws` echo, SQLite for the PostgreSQL store, one node for
 * two, 1,000 chats for 10,000 — loopback only (127.0.0.1). A script, not a test: timing belongs
 * here (STYLE.md §13). The goals are those of the performance issue (docs/benchmarks.md).
 *
 *   npm run bench                      all scenarios, full sizes (about 8 minutes)
 *   npm run bench -- --quick           smaller sizes (about 55 s; stopped at 90 s)
 *   npm run bench -- --only fan-out    one scenario (repeat --only, or a comma list, for several)
 *   npm run bench -- --profile         Parley servers run with `node --cpu-prof` into .bench/profiles/;
 *                                      read one with bench/profile-summary.ts
 *   npm run bench -- --no-write        print the table, leave docs/ alone
 *   npm run bench -- --check           exit non-zero unless every scenario produced every row (a
 *                                      number, not n/a); no assertion on speed. CI runs
 *                                      `npm run bench -- --quick --check --no-write` (.ci/run)
 *
 * Scenarios (bench/scenarios/, listed in scenarios/index.ts; add a module there to add one):
 *
 *   chat         the real server on SQLite and on PostgreSQL (scenarios/chat.ts): P1 durable
 *                SendMessage/s vs fastify's no-op route (goal ≥ 0.5×); P2 customer → agent and
 *                → supervisor latency in 1,000 (quick: 60) live supervised chats at 1,000 (quick:
 *                200) msg/s vs a raw ws echo (goal p99 ≤ 2×); P5 Intrude → Invited under that
 *                load (goal p99 ≤ 2× the echo's); P6 P1 on PostgreSQL vs SQLite (goal ≥ 0.5×).
 *   cluster      (P7) P2's load on two real servers sharing a PostgreSQL schema and a Redis bus
 *                (REDIS_URL): customers' SendMessage to node 1, agents' and supervisors' CometD
 *                WebSockets on node 2; p50/p99 vs one node with its in-process bus, also on
 *                PostgreSQL, measured in turns (scenarios/cluster.ts). Goal p99 ≤ 1.5×.
 *   growth       (P8, P9) P2's load on 10,000 supervised chats with 20-message transcripts vs
 *                1,000 (quick: 200 vs 20; scenarios/growth.ts): server CPU per message and p99
 *                (goal ≤ 1.2× each), RSS per active chat (reported; per party ≤ 2× P4's goal).
 *                Most of a full run's time: the 10,000 chats and their 200,000 messages are set
 *                up through the API (about 2½ minutes).
 *   fan-out      (P3) 1,000 (quick: 200) WebSocket subscribers, each its own Parley user, one
 *                stream of ~340-byte chat notifications offered at 1,000 publishes/s (far above
 *                either server's capacity), a bounded number per round; deliveries/s at
 *                saturation and server CPU per delivery. Goal: CPU per delivery ≤ 0.05× faye's.
 *   latency      the same subscribers at a fixed 10 publishes/s (10,000 deliveries/s, below both
 *                servers' saturation); p50/p99 publish → receipt, server CPU per delivery.
 *   idle-memory  (P4) 15,000 (quick: 200) idle, authenticated WebSocket sessions — handshaken,
 *                subscribed, holding their /meta/connect — against the REAL server (dist/main.js,
 *                temporary SQLite file) and against faye; server RSS growth per session.
 *                Goal: Parley ≤ 6 KB per session.
 *
 * Processes: every server and load generator is its own process, started through
 * `bash -c 'ulimit -n 20000; exec …'`; servers are pinned to core 0 and load to core 1 with
 * `taskset` when it exists (otherwise nothing is pinned, and the results say so) — load processes
 * from the start, servers from the moment they listen: they start, and the chat worlds are set
 * up, on both cores, as nothing is measured then (support/processes.ts `pin`). The hub servers
 * are bench/servers/parley-hub.ts (createBayeux, no database) and bench/servers/faye.ts; the load
 * generator, bench/load/main.ts, is one lean raw Bayeux-over-WebSocket client for both. Every
 * wait is bounded, the whole run has a deadline, and every child is killed at the end, on failure,
 * and on Ctrl-C.
 *
 * Output: a table (scenario, Parley, baseline, which baseline, ratio, goal, met?) on stdout; docs/benchmarks.md and
 * docs/benchmarks.json updated with the scenarios that ran (per mode: full or quick).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext, Row } from './scenario.js';
import { scenarios } from './scenarios/index.js';
import { ProcessGroup } from './support/processes.js';
import { machineBusyMs } from './support/proc-stats.js';
import { machineFacts, table, writeResults, type ScenarioRecord } from './support/report.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true, default: [] },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (flags.help) {
  process.stdout.write(
    'npm run bench [-- --quick] [--only <name>[,<name>…]] [--profile] [--no-write] [--check]\n' +
      `scenarios: ${scenarios.map((scenario) => scenario.name).join(', ')}\n`,
  );
  process.exit(0);
}

const only = flags.only.flatMap((names) => names.split(',')).filter((name) => name !== '');
const unknown = only.filter((name) => !scenarios.some((scenario) => scenario.name === name));
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}\n`,
  );
  process.exit(2);
}
const selected = scenarios.filter((scenario) => only.length === 0 || only.includes(scenario.name));

const root = fileURLToPath(new URL('..', import.meta.url));
const processes = new ProcessGroup();
const cores = machineFacts('').nproc;
const pinned = processes.canPin && cores >= 2;

const profileDir = flags.profile ? `${root}.bench/profiles` : undefined;
if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
// The real server runs as `npm start` runs it: compiled into dist/ (when src/ changed since).
const build = spawnSync(
  process.execPath,
  ['--input-type=module', '-e', "(await import('./scripts/build-if-needed.mjs')).buildIfNeeded()"],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
};
const context: BenchContext = {
  quick: flags.quick,
  processes,
  root,
  serverCpu: pinned ? 0 : undefined,
  loadCpu: pinned ? 1 : undefined,
  profileDir,
  log,
};

// Whatever happens, no child outlives the bench.
process.on('exit', () => processes.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping`);
    process.exit(130);
  });
}
// The quick run aims at 60 s (CI's smoke check); its hard stop leaves room for a slow phase of
// this machine, whose speed moves by 2–4× within minutes.
const deadlineMs = flags.quick ? 90_000 : 1_200_000;
setTimeout(() => {
  log(`deadline of ${deadlineMs / 1000} s reached: stopping every process`);
  process.exit(1);
}, deadlineMs).unref();

/** CPU used by the whole machine, by our children and by this process, at one moment. */
function usage(): { at: number; machine: number; ours: number } {
  const own = process.cpuUsage();
  return {
    at: Date.now(),
    machine: machineBusyMs(),
    ours: processes.cpuMs() + (own.user + own.system) / 1000,
  };
}

/** Cores' worth of CPU that processes other than the bench's used between two usage() readings. */
function foreignCores(before: ReturnType<typeof usage>, after: ReturnType<typeof usage>): number {
  const foreign = after.machine - before.machine - (after.ours - before.ours);
  return Math.max(0, foreign / Math.max(1, after.at - before.at));
}

const args = process.argv.slice(2);
const command =
  process.env.npm_lifecycle_event === 'bench'
    ? `npm run bench${args.length > 0 ? ' -- ' + args.join(' ') : ''}`
    : `node --import tsx bench/run.ts ${args.join(' ')}`.trim();
const records: Record<string, ScenarioRecord> = {};
const rows: Row[] = [];
let failures = 0;
/** For --check: scenarios that failed or left a row without a number. */
const incomplete: string[] = [];

for (const scenario of selected) {
  log(`${scenario.name}: ${scenario.title}`);
  const before = usage();
  try {
    const result = await scenario.run(context);
    await processes.stopAll();
    const backgroundCores = foreignCores(before, usage());
    const busy = backgroundCores > 0.1 ? ' — other work was running: expect noisy numbers' : '';
    log(`${scenario.name}: other processes used ${backgroundCores.toFixed(2)} cores meanwhile${busy}`);
    const date = new Date().toISOString();
    records[scenario.name] = { ...result, title: scenario.title, date, command, backgroundCores };
    rows.push(...result.rows);
    const missing = result.rows.filter(
      (line) => !Number.isFinite(line.value) || !Number.isFinite(line.baseline),
    );
    if (result.rows.length !== scenario.rowCount || missing.length > 0) {
      incomplete.push(
        `${scenario.name}: ${result.rows.length} of ${scenario.rowCount} rows` +
          (missing.length > 0 ? `, no number for: ${missing.map((line) => line.scenario).join('; ')}` : ''),
      );
    }
  } catch (error) {
    failures += 1;
    incomplete.push(`${scenario.name}: failed`);
    log(
      `${scenario.name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    await processes.stopAll();
  }
}

const pinning = pinned
  ? 'servers on core 0, load processes on core 1 (taskset)'
  : `none (${processes.canPin ? 'fewer than 2 cores' : 'taskset not found'})`;
const machine = machineFacts(pinning);
process.stdout.write(
  `\nParley benchmarks — ${flags.quick ? 'quick' : 'full'} run, ${machine.nproc} cores, ` +
    `${machine.cpuModel}, Node ${machine.node}, pinning: ${pinning}\n\n${table(rows)}\n`,
);
if (!flags['no-write'] && Object.keys(records).length > 0) {
  writeResults({
    docsDir: `${root}docs`,
    mode: flags.quick ? 'quick' : 'full',
    machine,
    scenarios: records,
    order: scenarios.map((scenario) => scenario.name),
  });
  log('wrote docs/benchmarks.md and docs/benchmarks.json');
}
log(
  `done in ${((Date.now() - started) / 1000).toFixed(1)} s${failures > 0 ? `, ${failures} scenario(s) failed` : ''}`,
);
if (flags.check) {
  for (const problem of incomplete) log(`check: ${problem}`);
  log(incomplete.length === 0 ? 'check: every scenario produced every row' : 'check FAILED');
}
process.exit(failures > 0 || (flags.check && incomplete.length > 0) ? 1 : 0);
