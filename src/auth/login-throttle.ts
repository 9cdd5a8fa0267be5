/**
 * Applies the failed-login policy (throttle.ts) around one password check, on the counters the
 * store keeps (so every node sees them):
 *
 *   const attempt = await throttle.admit(target.key, source); // LoginThrottled when locked
 *   … verify the password …
 *   await (ok ? throttle.succeeded(attempt) : throttle.failed(attempt));
 *
 * Counter keys hold a hash of the login name, never the name itself (a mistyped password is
 * often typed into the name field).
 */
import { hash } from 'node:crypto';
import { DomainError, retryAfter } from '../errors.js';
import type { LoginFailureRepository } from '../store/store.js';
import { countAt, lockedFor, lockMs, pairVerdict, SOURCE_LIMIT, WINDOW_MS } from './throttle.js';

export interface Attempt {
  readonly pairKey: string;
  readonly sourceKey: string;
  readonly nameKey: string;
  /** The pair's first attempt in its window: a failure makes the source one more for the name. */
  readonly firstOfPair: boolean;
}

export function throttleKeys(loginKey: string, source: string) {
  const name = hash('sha256', loginKey, 'base64url');
  return { pairKey: `pair|${source}|${name}`, sourceKey: `source|${source}`, nameKey: `name|${name}` };
}

export class LoginThrottle {
  constructor(
    private readonly failures: LoginFailureRepository,
    private readonly now: () => number,
  ) {}

  /** Counts the attempt, or refuses it (LoginThrottled, with Retry-After) without counting. */
  async admit(loginKey: string, source: string): Promise<Attempt> {
    const keys = throttleKeys(loginKey, source);
    const now = this.now();
    const [pair, from, name] = await Promise.all(
      [keys.pairKey, keys.sourceKey, keys.nameKey].map((key) => this.failures.get(key)),
    );
    const sourceWait = lockedFor(from, now);
    if (sourceWait > 0) throw throttled(sourceWait, 'from this address');
    const pairWait = lockedFor(pair, now);
    if (pairWait > 0) throw throttled(pairWait, 'for this user name from this address');
    const counted = await this.failures.count(keys.pairKey, now, now - WINDOW_MS);
    const verdict = pairVerdict(countAt(pair, now), counted.failures, countAt(name, now));
    if (verdict.lockMs > 0) await this.failures.lock(keys.pairKey, now + verdict.lockMs);
    if (!verdict.allowed) throw throttled(verdict.lockMs, 'for this user name from this address');
    return { ...keys, firstOfPair: counted.failures === 1 };
  }

  async failed(attempt: Attempt): Promise<void> {
    const now = this.now();
    const from = await this.failures.count(attempt.sourceKey, now, now - WINDOW_MS);
    const lock = lockMs(from.failures, SOURCE_LIMIT);
    if (lock > 0) await this.failures.lock(attempt.sourceKey, now + lock);
    if (attempt.firstOfPair) await this.failures.count(attempt.nameKey, now, now - WINDOW_MS);
  }

  /** The pair starts afresh; the source's and the name's counts stay (they are others' too). */
  async succeeded(attempt: Attempt): Promise<void> {
    await this.failures.clear(attempt.pairKey);
  }
}

function throttled(waitMs: number, what: string): DomainError {
  const { seconds, headers } = retryAfter(waitMs);
  return new DomainError('LoginThrottled', `Too many failed logins ${what}; retry in ${seconds} s`, headers);
}
