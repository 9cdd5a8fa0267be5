import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailure, BASE_LOCK_MS, lockedFor, MAX_FAILURES, MAX_LOCK_MS, WINDOW_MS } from './throttle.js';

test('failures below the limit never lock', () => {
  let record = afterFailure('ann', undefined, 0);
  for (let i = 1; i < MAX_FAILURES - 1; i++) record = afterFailure('ann', record, i);
  assert.equal(record.failures, MAX_FAILURES - 1);
  assert.equal(lockedFor(record, MAX_FAILURES), 0);
});

test('the limit locks, and each further failure doubles the lock up to the maximum', () => {
  let record = afterFailure('ann', undefined, 0);
  for (let i = 1; i < MAX_FAILURES; i++) record = afterFailure('ann', record, 0);
  assert.equal(lockedFor(record, 0), BASE_LOCK_MS);
  record = afterFailure('ann', record, 0);
  assert.equal(lockedFor(record, 0), 2 * BASE_LOCK_MS);
  for (let i = 0; i < 20; i++) record = afterFailure('ann', record, 0);
  assert.equal(lockedFor(record, 0), MAX_LOCK_MS);
  assert.equal(lockedFor(record, MAX_LOCK_MS), 0, 'the lock ends');
});

test('a failure after the window starts a new count', () => {
  const record = afterFailure(
    'ann',
    { userNameKey: 'ann', failures: 9, windowStartedAt: 0, lockedUntil: 0 },
    WINDOW_MS + 1,
  );
  assert.deepEqual(record, {
    userNameKey: 'ann',
    failures: 1,
    windowStartedAt: WINDOW_MS + 1,
    lockedUntil: 0,
  });
});
