/**
 * Failed-login throttling: the pure policy (login-throttle.ts applies it; the store keeps the
 * counters so every node sees them). Three counters, each over a 15-minute window:
 *
 *   pair    (login name, source)  every attempt counts, before the password is checked (so
 *                                 parallel attempts cannot slip past the limit); a success clears
 *                                 it. 5 attempts lock the pair for 30 s, doubling with each
 *                                 further attempt up to 15 min.
 *   source  (source, any name)    failures; 50 lock the source for 30 s, doubling up to 15 min
 *                                 (one address spraying many names).
 *   name    (login name, any      the number of sources that failed for the name in the window.
 *            source)              Never a lock of its own: from 10 sources on, the name is under a
 *                                 distributed attack, and each source then gets one attempt per
 *                                 lock period, which grows with the number of sources (30 s at
 *                                 10, doubling per source, up to 15 min).
 *
 * So a stranger failing from one source locks only itself: the user, logging in from another
 * source, is not affected. One source can add only one to a name's count, so it cannot put the
 * name under attack; a distributed guesser can, and is slowed to about one guess per source per
 * lock period — the user, with the right password, still gets in at its first attempt.
 * A "source" is a client address (source.ts: IPv6 by /64).
 */
import type { LoginFailures } from '../store/store.js';

export const WINDOW_MS = 15 * 60_000;
export const BASE_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;
export const PAIR_LIMIT = 5;
export const SOURCE_LIMIT = 50;
/** Sources failing for one name within the window from which the name is under attack. */
export const NAME_SOURCES_LIMIT = 10;

/** Milliseconds until the record's lock ends (0: not locked). */
export function lockedFor(record: LoginFailures | undefined, now: number): number {
  return record && record.lockedUntil > now ? record.lockedUntil - now : 0;
}

/** The record's count within the window that is open at `now` (0 once the window has passed). */
export function countAt(record: LoginFailures | undefined, now: number): number {
  return record && now - record.windowStartedAt < WINDOW_MS ? record.failures : 0;
}

/** The lock that `count` events earn against `limit`: 0 below it, then 30 s doubling, capped. */
export function lockMs(count: number, limit: number): number {
  const over = count - limit;
  return over < 0 ? 0 : Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.min(over, 30));
}

export interface PairVerdict {
  /** Whether this attempt may check the password. */
  readonly allowed: boolean;
  /** How long the pair is locked from now on (0: not locked). */
  readonly lockMs: number;
}

/**
 * The verdict on one counted attempt of a pair. `before` is the count this attempt saw when it
 * checked for a lock, `after` the count once it was counted (atomically, with other nodes' and
 * requests' attempts). An attempt within the limit may go on; past it, only the first attempt
 * after a lock ended (nobody else counted meanwhile) may, and each one extends the lock.
 * `nameSources` is the name's count of failing sources: under attack, every attempt locks.
 */
export function pairVerdict(before: number, after: number, nameSources: number): PairVerdict {
  const attacked = nameSources >= NAME_SOURCES_LIMIT;
  const limit = attacked ? 1 : PAIR_LIMIT;
  const allowed = after <= limit || after === before + 1;
  const lock = Math.max(lockMs(after, limit), attacked ? lockMs(nameSources, NAME_SOURCES_LIMIT) : 0);
  return { allowed, lockMs: lock };
}
