/**
 * P1 and P6 side by side, round by round: the hello world, fastify's no-op route, Parley's
 * SendMessage on SQLite, Parley's GET /api/v2/me and SendMessage on PostgreSQL each take a turn —
 * an uncounted warm-up, then a counted closed-loop run — `rounds` times over, and each gets the
 * median of its rounds. This machine's speed drifts by tens of percent within a minute (one run's
 * hello world answered 22,000 requests/s in its first seconds, the next run's 38,000), so a ratio
 * of two numbers measured a minute apart can be wrong either way; taking turns keeps both sides of
 * every ratio in the same moments.
 */
import { cpuMs } from '../support/proc-stats.js';
import type { HttpRunResult, HttpTarget } from '../load/http-run.js';
import type { Server } from '../support/peers.js';
import type { Meter } from './chat-meter.js';

export interface Contender {
  readonly name: string;
  readonly server: Server;
  readonly targets: readonly HttpTarget[];
}

export interface RoundSizes {
  readonly connections: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly rounds: number;
}

export interface Rounds {
  /** The contender's median round (by ops/s). */
  readonly run: HttpRunResult;
  /** Median over the rounds of the server's CPU per counted operation. */
  readonly serverCpuUsPerOp: number;
  /** Ops/s of every round, in order. */
  readonly opsPerRound: readonly number[];
  /** Requests answered statusCode 0 in every run, warm-ups included. */
  readonly answered: number;
}

const middle = <T>(values: readonly T[], by: (value: T) => number): T =>
  [...values].sort((a, b) => by(a) - by(b))[Math.floor(values.length / 2)]!;

export async function alternate(
  meter: Meter,
  contenders: readonly Contender[],
  sizes: RoundSizes,
  log: (message: string) => void,
): Promise<Record<string, Rounds>> {
  const { connections, warmupMs, durationMs } = sizes;
  const runs = new Map<string, { run: HttpRunResult; cpuUs: number }[]>();
  const answered = new Map<string, number>();
  for (let round = 1; round <= sizes.rounds; round += 1) {
    const line: string[] = [];
    for (const { name, server, targets } of contenders) {
      const port = Number(new URL(server.url).port);
      const request = { port, connections, targets, warmupMs: 0, ratePerSecond: 0 };
      const warm = await meter.http({ ...request, durationMs: warmupMs });
      const cpuBefore = cpuMs(server.child.pid);
      const run = await meter.http({ ...request, durationMs });
      const cpuUs = ((cpuMs(server.child.pid) - cpuBefore) * 1000) / Math.max(1, run.ok);
      runs.set(name, [...(runs.get(name) ?? []), { run, cpuUs }]);
      answered.set(name, (answered.get(name) ?? 0) + warm.ok + run.ok);
      line.push(`${name} ${Math.round(run.opsPerSecond)}`);
    }
    log(`P1 round ${round}/${sizes.rounds} (ops/s): ${line.join(', ')}`);
  }
  return Object.fromEntries(
    [...runs].map(([name, list]) => [
      name,
      {
        run: middle(list, (entry) => entry.run.opsPerSecond).run,
        serverCpuUsPerOp: middle(list, (entry) => entry.cpuUs).cpuUs,
        opsPerRound: list.map((entry) => entry.run.opsPerSecond),
        answered: answered.get(name) ?? 0,
      },
    ]),
  );
}
