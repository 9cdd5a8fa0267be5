/**
 * # A/B: this checkout against another commit, in the same moments
 *
 *   npm run bench:ab -- --base <rev>                 P1 and P2, 3 rounds, SQLite
 *   npm run bench:ab -- --base <rev> --mode p1       P1 only (or p2); --rounds n; --store postgres
 *
 * This machine's speed moves by 2–4× within minutes, so a change measured by two full runs a few
 * minutes apart can look better or worse than it is. Here both servers run at once: `A` is this
 * checkout's dist/ (built when src/ changed), `B` the server of commit `--base` — exported with
 * `git archive` into a temporary folder, compiled there, sharing this checkout's node_modules and
 * measured by this checkout's bench/ (copied over the base's). Each gets a world of the chat
 * scenario's shape (scenarios/chat-world.ts).
 * Then they take turns, round by round, with the fastify no-op beside them (P1: closed-loop agent
 * SendMessage, chat-rounds.ts) and in P2's turns (customers' SendMessage at 1,000/s, A B B A …,
 * chat-turns.ts) with a raw ws echo around them.
 *
 * Its noise floor: the same server on both sides (B = this checkout's own commit) gave P2 p99
 * 5.3 and 5.0 ms for A against 3.9 and 4.1 for B, 339–344 against 326–331 µs per message (A takes
 * the first half after the warm-ups), and P1 within 8%: smaller differences are not findings.
 *
 * A script for development, not a scenario: nothing is written to docs/. The base's server must
 * accept the settings the bench world gives it (PARLEY_REQUEST_CHAT_PER_SOURCE…: any commit since
 * the hardening issue landed, 2d34f4c).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext } from './scenario.js';
import { chatSizes } from './scenarios/chat.js';
import { agentTargets, baselineTargets, startMeter } from './scenarios/chat-meter.js';
import { alternate } from './scenarios/chat-rounds.js';
import { side, takeTurns, type Side } from './scenarios/chat-turns.js';
import { openWorld, type StoreKind } from './scenarios/chat-world.js';
import { cpuUsPerMessage } from './scenarios/growth-rows.js';
import { startBaselineServer } from './support/peers.js';
import { ProcessGroup } from './support/processes.js';

const { values: flags } = parseArgs({
  options: {
    base: { type: 'string' },
    mode: { type: 'string', default: 'both' },
    rounds: { type: 'string', default: '3' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const mode = flags.mode;
const rounds = Number(flags.rounds);
const store = flags.store as StoreKind;
if (
  flags.base === undefined ||
  !['p1', 'p2', 'both'].includes(mode) ||
  !(rounds >= 1) ||
  !['sqlite', 'postgres'].includes(store)
) {
  process.stderr.write(
    'npm run bench:ab -- --base <rev> [--mode p1|p2|both] [--rounds n] [--store sqlite|postgres]\n',
  );
  process.exit(2);
}

const root = fileURLToPath(new URL('..', import.meta.url));
const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`[ab ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
};

/** Runs a command to its end; its output goes to ours; exits on failure. */
function run(what: string, command: string, args: readonly string[], cwd = root): void {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    log(`${what} failed`);
    process.exit(result.status ?? 1);
  }
}

run('building this checkout', process.execPath, [
  '--input-type=module',
  '-e',
  "(await import('./scripts/build-if-needed.mjs')).buildIfNeeded()",
]);
const baseRoot = mkdtempSync(join(tmpdir(), 'parley-ab-'));
const removeBase = () => rmSync(baseRoot, { recursive: true, force: true });
process.on('exit', removeBase);
run('exporting the base', 'bash', [
  '-c',
  'git -C "$1" archive "$2" | tar -x -C "$3"',
  'export',
  root,
  flags.base,
  baseRoot,
]);
symlinkSync(join(root, 'node_modules'), join(baseRoot, 'node_modules'), 'dir');
// Both sides are measured by the same harness: this checkout's bench/ replaces the base's.
rmSync(join(baseRoot, 'bench'), { recursive: true, force: true });
cpSync(join(root, 'bench'), join(baseRoot, 'bench'), { recursive: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
run('building the base', process.execPath, [tsc, '-p', join(baseRoot, 'tsconfig.build.json')], baseRoot);
log(`A: this checkout; B: ${flags.base}, built in ${baseRoot}`);

const processes = new ProcessGroup();
process.on('exit', () => processes.killAllNow());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const cores = processes.canPin ? 0 : undefined;
const contextOf = (at: string): BenchContext => ({
  quick: false,
  processes,
  root: at,
  serverCpu: cores,
  loadCpu: cores === undefined ? undefined : 1,
  profileDir: undefined,
  log,
});
const a = contextOf(root);
const b = contextOf(`${baseRoot}/`);
const shape = { agents: 20, supervisors: 4, chats: 1000, chatCapacity: 100 };
const [framework, echoServer, meter, worldA, worldB] = await Promise.all([
  startBaselineServer(a, 'fastify-noop'),
  startBaselineServer(a, 'ws-echo'),
  startMeter(a),
  openWorld(a, store, shape, { label: 'A' }),
  openWorld(b, store, shape, { label: 'B' }),
]);
log('both worlds ready');

const lines: string[] = [];

if (mode !== 'p1') {
  // P2's load in turns, A B B A A B …, one half per round (chat-turns.ts, as cluster and growth
  // take theirs); the echo in two parts around them, as the chat scenario measures it.
  const { p2 } = chatSizes(false);
  const echoPart = (part: 'first' | 'last') =>
    meter.wsEcho({
      url: echoServer.url.replace(/^http/, 'ws'),
      sockets: 100,
      ratePerSecond: p2.ratePerSecond,
      warmupMs: 500,
      durationMs: p2.durationMs / 2,
      part,
    });
  const sides = [side(worldA), side(worldB)] as const;
  await echoPart('first');
  // A fresh world's first seconds under this load are its slowest (docs/benchmarks.md): each
  // world's uncounted warm-up lasts as long as the counted time.
  await takeTurns(meter, [worldA, worldB], sides, { p2: { ...p2, warmupMs: p2.durationMs }, halves: rounds });
  const echo = (await echoPart('last')).latencyMs?.p99 ?? Number.NaN;
  const p99 = (s: Side) => s.collected?.agent.latencyMs?.p99 ?? Number.NaN;
  lines.push(
    `P2 agent p99, ms: A ${p99(sides[0]).toFixed(2)} | B ${p99(sides[1]).toFixed(2)} | echo ${echo.toFixed(2)}`,
    `P2 server CPU per customer message, µs: A ${cpuUsPerMessage(sides[0]).toFixed(0)} | B ${cpuUsPerMessage(sides[1]).toFixed(0)}`,
  );
}

if (mode !== 'p2') {
  await Promise.all([worldA.measure(), worldB.measure()]);
  const p1 = await alternate(
    meter,
    [
      { name: 'noop', server: framework, targets: baselineTargets },
      { name: 'A', server: worldA.server, targets: agentTargets(worldA.agents) },
      { name: 'B', server: worldB.server, targets: agentTargets(worldB.agents) },
    ],
    { connections: 64, warmupMs: 500, durationMs: 2000, rounds },
    log,
  );
  await Promise.all([worldA.collect(), worldB.collect()]);
  const noop = p1.noop!;
  for (const name of ['A', 'B'] as const) {
    const side = p1[name]!;
    lines.push(
      `P1 ${name}: ${Math.round(side.run.opsPerSecond)} SendMessage/s, ${(side.run.opsPerSecond / noop.run.opsPerSecond).toFixed(3)}× the fastify no-op, ` +
        `${side.serverCpuUsPerOp.toFixed(1)} µs/op (no-op ${noop.serverCpuUsPerOp.toFixed(1)}); ops/s per round ${side.opsPerRound.map(Math.round).join(', ')}`,
    );
  }
}

await Promise.all([worldA.close(), worldB.close()]);
await processes.stopAll();
process.stdout.write(
  `A = this checkout, B = ${flags.base} (P1: the median round, then every round; P2: its halves pooled)\n${lines.join('\n')}\n`,
);
process.exit(0);
