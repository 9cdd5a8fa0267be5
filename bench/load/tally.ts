/**
 * What a load process counts: deliveries, the first and last receipt, and publish → receipt
 * latencies (every one of them, in a growable Float64Array, so percentiles are exact), plus the
 * failures that would make a number meaningless (refused connects, closed sockets).
 */
import { epochMs } from '../support/clock.js';

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export type PercentileKey = 'p50' | 'p99' | 'max';

/** One of a summary's percentiles, or NaN when nothing was measured (a table row then shows n/a). */
export function percentile(summary: LatencySummary | null | undefined, key: PercentileKey): number {
  return summary?.[key] ?? Number.NaN;
}

export interface TallyReport {
  readonly received: number;
  /** Epoch ms of the first and last receipt; 0 when nothing arrived. */
  readonly firstAt: number;
  readonly lastAt: number;
  readonly latencyMs: LatencySummary | null;
  readonly connectFailures: number;
  readonly closed: number;
}

export class Tally {
  readonly now = epochMs;
  received = 0;
  firstAt = 0;
  lastAt = 0;
  connectFailures = 0;
  closed = 0;
  private latencies = new Float64Array(1 << 16);
  private latencyCount = 0;

  deliver(sentAt: number | undefined, receivedAt: number): void {
    if (this.received === 0) this.firstAt = receivedAt;
    this.received += 1;
    this.lastAt = receivedAt;
    if (typeof sentAt !== 'number') return;
    if (this.latencyCount === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.latencyCount++] = receivedAt - sentAt;
  }

  /** Starts a new measurement: counters and latencies back to zero (failures are kept). */
  reset(): void {
    this.received = 0;
    this.firstAt = 0;
    this.lastAt = 0;
    this.latencyCount = 0;
  }

  report(): TallyReport {
    return {
      received: this.received,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      latencyMs: summarize(this.latencies.subarray(0, this.latencyCount)),
      connectFailures: this.connectFailures,
      closed: this.closed,
    };
  }
}

function summarize(values: Float64Array): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (fraction: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    min: sorted[0]!,
    p10: at(0.1),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}
