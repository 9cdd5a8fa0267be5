/**
 * Wall-clock time in milliseconds with sub-millisecond resolution, comparable across the bench's
 * processes on one machine: each process anchors its monotonic clock to the system clock at start
 * (`performance.timeOrigin`), so a publish stamped in a server process can be timed in a load
 * process. Used for publish → receipt latency and for the span of a fan-out round.
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
