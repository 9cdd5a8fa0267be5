/**
 * A clock the test moves (STYLE.md §19; src/clock.ts): nothing fires until `advance`, which runs
 * the timers that fall due in time order — intervals as often as they fall due — each at its own
 * time, so a test drives the routing sweep, session and invitation expiry, the hub's sweep and the
 * long-poll holds without sleeping.
 *
 * Between two firings, and at the end, the event loop gets a turn (`setImmediate`) so that the
 * work a timer started — promise chains, the hub's flush on the next turn — runs before the next
 * timer does. A callback that returns a promise (the router's and the relay's passes) is awaited
 * first, so work that waits on a database round trip is done too.
 */
import type { Clock, Timer, TimerCallback } from '../../src/clock.js';

/** Firings one `advance` may make: a 1 ms interval over a long advance is a mistake, not a test. */
const MAX_FIRINGS = 200_000;
/** Node's rule: a delay that is not a number in [1, 2^31 - 1] is 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

class FakeTimer implements Timer {
  constructor(
    readonly callback: TimerCallback,
    /** The period of an interval; undefined for a timeout. */
    readonly every: number | undefined,
    public due: number,
    /** Creation order, the tie-break among timers due at once (as in Node). */
    public order: number,
  ) {}

  unref(): this {
    return this;
  }
}

export class FakeClock implements Clock {
  private current: number;
  private created = 0;
  private readonly pending = new Set<FakeTimer>();

  /** Starts at `start` (default: the real time now, so stored times look like real ones). */
  constructor(start: number = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Timers still to fire (timeouts not yet due, intervals not cleared). */
  get timerCount(): number {
    return this.pending.size;
  }

  setTimeout(callback: TimerCallback, ms: number): Timer {
    return this.schedule(callback, delay(ms), undefined);
  }

  setInterval(callback: TimerCallback, ms: number): Timer {
    const every = delay(ms);
    return this.schedule(callback, every, every);
  }

  clearTimeout(timer: Timer | undefined): void {
    if (timer instanceof FakeTimer) this.pending.delete(timer);
  }

  clearInterval(timer: Timer | undefined): void {
    this.clearTimeout(timer);
  }

  /**
   * Moves the clock to `at` without firing anything, as the system clock being set does: pending
   * timers keep their remaining delays (Node's timers are monotonic), so they fall due `ms` after
   * the jump as they would have `ms` after the old time.
   */
  set(at: number): void {
    if (!Number.isFinite(at)) throw new RangeError(`FakeClock.set: ${at} is not a time`);
    const shift = at - this.current;
    this.current = at;
    for (const timer of this.pending) timer.due += shift;
  }

  /**
   * Moves the clock `ms` forward, firing every timer that falls due on the way at its own time
   * (intervals again and again), and resolves once what they started has run. A promise a
   * callback returns is awaited; its rejection rejects `advance`.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`FakeClock.advance: ${ms} is not a duration`);
    const target = this.current + ms;
    await turns(1);
    for (let fired = 0; ; fired += 1) {
      const timer = this.next(target);
      if (timer === undefined) break;
      if (fired >= MAX_FIRINGS) throw new Error(`FakeClock.advance: over ${MAX_FIRINGS} timers fired`);
      this.current = timer.due;
      if (timer.every === undefined) this.pending.delete(timer);
      else {
        timer.due += timer.every;
        timer.order = ++this.created;
      }
      const result = timer.callback();
      if (isThenable(result)) await result;
      await turns(1);
    }
    this.current = target;
    await turns(SETTLE_TURNS);
  }

  private schedule(callback: TimerCallback, ms: number, every: number | undefined): FakeTimer {
    const timer = new FakeTimer(callback, every, this.current + ms, ++this.created);
    this.pending.add(timer);
    return timer;
  }

  /** The first timer due at or before `limit`: the earliest, then the first made. */
  private next(limit: number): FakeTimer | undefined {
    let first: FakeTimer | undefined;
    for (const timer of this.pending) {
      if (timer.due > limit) continue;
      if (
        first === undefined ||
        timer.due < first.due ||
        (timer.due === first.due && timer.order < first.order)
      )
        first = timer;
    }
    return first;
  }
}

/** Turns of the event loop at the end of an advance, for work started but not returned. */
const SETTLE_TURNS = 5;

function delay(ms: number): number {
  return ms >= 1 && ms <= MAX_DELAY ? ms : 1;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
