/**
 * Failed-login throttling, per user name (pure policy; the store keeps the counts so every node
 * sees them). After MAX_FAILURES failures inside the window, the name is locked for a period
 * that doubles with each further failure, up to MAX_LOCK_MS. A success clears the record.
 */
import type { LoginFailures } from '../store/store.js';

export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES = 5;
export const BASE_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

export function lockedFor(record: LoginFailures | undefined, now: number): number {
  return record && record.lockedUntil > now ? record.lockedUntil - now : 0;
}

export function afterFailure(
  userNameKey: string,
  record: LoginFailures | undefined,
  now: number,
): LoginFailures {
  const fresh = !record || now - record.windowStartedAt > WINDOW_MS;
  const failures = fresh ? 1 : record.failures + 1;
  const windowStartedAt = fresh ? now : record.windowStartedAt;
  const over = failures - MAX_FAILURES;
  const lockedUntil = over >= 0 ? now + Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** over) : 0;
  return { userNameKey, failures, windowStartedAt, lockedUntil };
}
