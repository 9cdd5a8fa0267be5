/**
 * The shape every benchmark scenario has (bench/scenarios/*.ts, listed in scenarios/index.ts):
 * a name for `--only`, and a run that starts its own processes through the context's
 * ProcessGroup and returns table rows plus the raw measurements behind them.
 */
import type { ProcessGroup } from './support/processes.js';

export interface BenchContext {
  readonly quick: boolean;
  readonly processes: ProcessGroup;
  /** The repository root (the cwd of every child). */
  readonly root: string;
  /** Core for servers and for load processes; undefined when nothing is pinned. */
  readonly serverCpu: number | undefined;
  readonly loadCpu: number | undefined;
  /** When set, Parley server processes run with `--cpu-prof` into this directory. */
  readonly profileDir: string | undefined;
  log(message: string): void;
}

/**
 * What a row's baseline is: another server; Parley itself on another store, on one node, or in a
 * smaller world (`'1,000 chats'`, scenarios/growth.ts); or, where nothing in the run can be the
 * yardstick, another goal's figure (`'P4 goal'`: P9's memory per party against P4's 6 KB).
 */
export type BaselineName =
  'faye' | 'fastify no-op' | 'raw ws echo' | 'SQLite' | 'one node' | `${string} chats` | 'P4 goal';

/**
 * One line of the results table: Parley's measured value beside a baseline measured in the same
 * run. `ratio` is always value ÷ baseline.
 */
export interface Row {
  readonly scenario: string;
  readonly unit: string;
  /** Decimals shown in the table. */
  readonly digits: number;
  /** Parley's number (for P6, Parley on PostgreSQL; for P7, on two nodes; for P8/P9, in the large world). */
  readonly value: number;
  readonly baseline: number;
  readonly baselineName: BaselineName;
  readonly ratio: number;
  /** The goal in words, or '—'. */
  readonly goal: string;
  /** null when the row has no goal. */
  readonly met: boolean | null;
}

export interface ScenarioResult {
  readonly rows: readonly Row[];
  /** Raw numbers and settings, kept in docs/benchmarks.json. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Sentences for docs/benchmarks.md: method, fairness notes, caveats seen during the run. */
  readonly notes: readonly string[];
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  /** How many rows a successful run returns (`--check` fails the bench on fewer). */
  readonly rowCount: number;
  run(context: BenchContext): Promise<ScenarioResult>;
}

export function row(fields: Omit<Row, 'ratio'>): Row {
  return { ...fields, ratio: fields.baseline === 0 ? Number.NaN : fields.value / fields.baseline };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
