/**
 * The results: a table on the console, and docs/benchmarks.json + docs/benchmarks.md. The JSON
 * keeps the latest result of every scenario per mode (full / quick), so `--only <name>` refreshes
 * one scenario without losing the others; the Markdown is regenerated from it, except for what
 * follows the "kept" marker, which is hand-written analysis and survives every run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Row, ScenarioResult } from '../scenario.js';

export interface Machine {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly pinning: string;
}

export interface ScenarioRecord extends ScenarioResult {
  readonly title: string;
  readonly date: string;
  readonly command: string;
  /** Cores' worth of CPU other processes used during the scenario, on average (noise indicator). */
  readonly backgroundCores: number;
}

export interface RunRecord {
  readonly machine: Machine;
  readonly scenarios: Record<string, ScenarioRecord>;
}

export type Mode = 'full' | 'quick';
type Results = Partial<Record<Mode, RunRecord>>;

const keptMarker = '<!-- Everything below this line is written by hand; bench/run.ts keeps it. -->';

export function machineFacts(pinning: string): Machine {
  let nproc = availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // availableParallelism() is the same number, minus the shell.
  }
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  return { nproc, cpuModel, node: process.version, pinning };
}

function formatNumber(value: number, digits: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cells(row: Row): string[] {
  const met = row.met === null ? '—' : row.met ? 'yes' : 'NO';
  return [
    row.scenario,
    row.unit,
    formatNumber(row.value, row.digits),
    formatNumber(row.baseline, row.digits),
    row.baselineName,
    Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : 'n/a',
    row.goal,
    met,
  ];
}

/** A Markdown table padded the way Prettier pads it, so the generated file passes `prettier --check`. */
export function table(rows: readonly Row[]): string {
  const header = [
    'Scenario',
    'Unit',
    'Parley',
    'Baseline',
    'Baseline is',
    'Parley ÷ baseline',
    'Goal',
    'Met?',
  ];
  const body = rows.map(cells);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((line) => line[column]!.length)),
  );
  const line = (values: readonly string[]): string =>
    '| ' + values.map((value, column) => value.padEnd(widths[column]!)).join(' | ') + ' |';
  return [
    line(header),
    '| ' + widths.map((width) => '-'.repeat(width)).join(' | ') + ' |',
    ...body.map(line),
  ].join('\n');
}

/** Rows written before the table was generalised: `parley` and `faye` instead of value and baseline. */
type LegacyRow = Omit<Row, 'value' | 'baseline' | 'baselineName'> & { parley: number; faye: number };

function upgrade(row: Row | LegacyRow): Row {
  if (!('parley' in row)) return row;
  const { parley, faye, ...rest } = row;
  return { ...rest, value: parley, baseline: faye, baselineName: 'faye' };
}

function readResults(path: string): Results {
  if (!existsSync(path)) return {};
  try {
    const results = JSON.parse(readFileSync(path, 'utf8')) as Results;
    for (const run of Object.values(results)) {
      for (const record of Object.values(run.scenarios)) {
        (record as { rows: readonly Row[] }).rows = record.rows.map(upgrade);
      }
    }
    return results;
  } catch {
    return {};
  }
}

function section(mode: Mode, run: RunRecord): string {
  const records = Object.entries(run.scenarios);
  const { machine } = run;
  const lines = [
    `## ${mode === 'full' ? 'Full run' : 'Quick run'}`,
    '',
    `- Machine: \`nproc\` = ${machine.nproc}, ${machine.cpuModel}, Node ${machine.node}`,
    `- Pinning: ${machine.pinning}`,
    ...records.map(
      ([name, record]) =>
        `- \`${name}\`: ${record.date}, \`${record.command}\`, other processes used ` +
        `${record.backgroundCores.toFixed(2)} cores`,
    ),
    '',
    table(records.flatMap(([, record]) => record.rows)),
    '',
  ];
  for (const [name, record] of records) {
    lines.push(`### ${name}: ${record.title}`, '', ...record.notes.map((note) => `- ${note}`), '');
  }
  return lines.join('\n');
}

function markdown(results: Results, kept: string): string {
  const head = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts, scenarios and flags described there); raw numbers in',
    '[benchmarks.json](./benchmarks.json). Re-run the bench rather than editing the generated part:',
    '',
    '```sh',
    'npm run bench                    # all scenarios, full sizes (about 8 minutes)',
    'npm run bench -- --quick         # smaller sizes (≤ 60 s)',
    'npm run bench -- --only chat     # one scenario; --profile adds `node --cpu-prof` on Parley',
    'npm run bench -- --quick --check --no-write  # CI smoke: fails unless every row was produced',
    '```',
    '',
    'Each row sets Parley against a baseline measured in the same run, on the same machine, with the',
    "same load generator: faye 1.4.3, fastify's no-op route, a bare `node:http` hello world, a raw",
    '`ws` echo server, or Parley itself on SQLite (for the PostgreSQL row), on one node (for two) or',
    "in a world of fewer chats (growth); P9's per-party row compares with P4's goal of 6 KB.",
    '"Parley ÷ baseline" above 1 means Parley\'s number is the larger one: better for ops/s and',
    'deliveries/s, worse for ms, µs and KB. P1–P9 are the goals of the performance issue (issue 15).',
    '"Other processes used … cores" is CPU that work outside the bench used while a scenario ran (the',
    'machine is shared; PostgreSQL and Redis count as outside); above about 0.1 the numbers are noisy.',
    '',
  ];
  const sections = (['full', 'quick'] as const).flatMap((mode) => {
    const run = results[mode];
    return run === undefined ? [] : [section(mode, run)];
  });
  const tail = kept.trim() === '' ? [] : ['', kept.trim()];
  return [...head, ...sections, keptMarker, ...tail].join('\n') + '\n';
}

/** Merges this run's scenarios into docs/benchmarks.json and regenerates docs/benchmarks.md. */
export function writeResults(options: {
  docsDir: string;
  mode: Mode;
  machine: Machine;
  scenarios: Record<string, ScenarioRecord>;
  /** Every scenario name in table order (a refreshed scenario keeps its place). */
  order: readonly string[];
}): void {
  const jsonPath = `${options.docsDir}/benchmarks.json`;
  const mdPath = `${options.docsDir}/benchmarks.md`;
  const results = readResults(jsonPath);
  const previous = results[options.mode]?.scenarios ?? {};
  const merged: Record<string, ScenarioRecord> = { ...previous, ...options.scenarios };
  const rank = (name: string): number => {
    const at = options.order.indexOf(name);
    return at < 0 ? options.order.length : at;
  };
  const ordered = Object.entries(merged).sort(([a], [b]) => rank(a) - rank(b));
  results[options.mode] = { machine: options.machine, scenarios: Object.fromEntries(ordered) };
  writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
  const existing = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  const at = existing.indexOf(keptMarker);
  const kept = at >= 0 ? existing.slice(at + keptMarker.length) : '';
  writeFileSync(mdPath, markdown(results, kept));
}
