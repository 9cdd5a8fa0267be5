/**
 * Time is a dependency (STYLE.md §19): one clock, passed from `buildApp` to everything that goes
 * by domain time — the routing sweep (invitation, waiting and idle-customer timeouts), session
 * expiry, the Bayeux hub's expiry sweep and long-poll holds, the outbox relay — so that tests
 * drive time with a fake one (test/support/fake-clock.ts) instead of sleeping.
 *
 * Wall-clock mechanics stay on Node's timers: the engine's retry backoff, the Redis reconnect
 * wait, request summaries and shutdown grace periods are not the domain's time.
 */

/** A pending timer, as the clock that made it hands it back. */
export interface Timer {
  /** Lets the process exit while the timer is pending (Node's `Timeout.unref`). */
  unref(): Timer;
}

/**
 * A callback may return a promise (a sweep's pass): the real clock ignores it, a fake one waits
 * for it before it moves on, so a test sees the pass's work done.
 */
export type TimerCallback = () => unknown;

export interface Clock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number;
  setTimeout(callback: TimerCallback, ms: number): Timer;
  clearTimeout(timer: Timer | undefined): void;
  setInterval(callback: TimerCallback, ms: number): Timer;
  clearInterval(timer: Timer | undefined): void;
}

// The timers the system clock clears are the Timeouts it made itself, hence the casts.
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (callback: TimerCallback, ms: number): Timer => setTimeout(callback, ms),
  clearTimeout: (timer: Timer | undefined) => clearTimeout(timer as NodeJS.Timeout | undefined),
  setInterval: (callback: TimerCallback, ms: number): Timer => setInterval(callback, ms),
  clearInterval: (timer: Timer | undefined) => clearInterval(timer as NodeJS.Timeout | undefined),
});

/** The system clock's timers with another idea of now (the `now` that buildApp still accepts). */
export function clockWithNow(now: () => number): Clock {
  return Object.freeze({ ...systemClock, now });
}
