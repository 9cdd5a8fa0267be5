import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BASE_LOCK_MS,
  countAt,
  lockMs,
  MAX_LOCK_MS,
  NAME_SOURCES_LIMIT,
  PAIR_LIMIT,
  pairVerdict,
  WINDOW_MS,
} from './throttle.js';

test('a pair may try up to the limit; the limit-th attempt locks 30 s, each further one doubles', () => {
  for (let n = 1; n < PAIR_LIMIT; n++)
    assert.deepEqual(pairVerdict(n - 1, n, 0), { allowed: true, lockMs: 0 });
  assert.deepEqual(pairVerdict(PAIR_LIMIT - 1, PAIR_LIMIT, 0), { allowed: true, lockMs: BASE_LOCK_MS });
  assert.deepEqual(pairVerdict(PAIR_LIMIT, PAIR_LIMIT + 1, 0), { allowed: true, lockMs: 2 * BASE_LOCK_MS });
  assert.equal(pairVerdict(PAIR_LIMIT + 30, PAIR_LIMIT + 31, 0).lockMs, MAX_LOCK_MS);
});

test('past the limit, attempts counted together get one check: the first after the lock', () => {
  // Three attempts saw a count of 5 (lock over) and were counted as 6, 7 and 8.
  assert.equal(pairVerdict(PAIR_LIMIT, PAIR_LIMIT + 1, 0).allowed, true);
  assert.equal(pairVerdict(PAIR_LIMIT, PAIR_LIMIT + 2, 0).allowed, false);
  assert.equal(pairVerdict(PAIR_LIMIT, PAIR_LIMIT + 3, 0).allowed, false);
  // Within the limit, parallel attempts all go on (each is counted, so at most the limit do).
  assert.equal(pairVerdict(0, PAIR_LIMIT, 0).allowed, true);
  assert.equal(pairVerdict(0, PAIR_LIMIT + 1, 0).allowed, false);
});

test('a name under attack from many sources: each source gets one attempt per lock period', () => {
  assert.deepEqual(pairVerdict(0, 1, NAME_SOURCES_LIMIT - 1), { allowed: true, lockMs: 0 }, 'not yet');
  assert.deepEqual(pairVerdict(0, 1, NAME_SOURCES_LIMIT), { allowed: true, lockMs: BASE_LOCK_MS });
  assert.equal(pairVerdict(1, 2, NAME_SOURCES_LIMIT + 3).lockMs, 8 * BASE_LOCK_MS, 'grows with the sources');
  assert.equal(pairVerdict(0, 2, NAME_SOURCES_LIMIT).allowed, false, 'a second parallel attempt is refused');
  assert.equal(pairVerdict(0, 1, NAME_SOURCES_LIMIT + 40).lockMs, MAX_LOCK_MS);
});

test('counts belong to their window; locks are capped', () => {
  const record = { key: 'k', failures: 4, windowStartedAt: 1000, lockedUntil: 0 };
  assert.equal(countAt(record, 1000 + WINDOW_MS - 1), 4);
  assert.equal(countAt(record, 1000 + WINDOW_MS), 0);
  assert.equal(countAt(undefined, 0), 0);
  assert.equal(lockMs(4, 5), 0);
  assert.equal(lockMs(5, 5), BASE_LOCK_MS);
  assert.equal(lockMs(1e9, 5), MAX_LOCK_MS, 'no overflow for absurd counts');
});
