import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hangup } from './hangup.js';

test('a hang-up runs the listeners still registered, once, and later ones at once', () => {
  const hangup = new Hangup();
  const calls: string[] = [];
  const removed = () => calls.push('removed');
  hangup.on(() => calls.push('a'));
  hangup.on(removed);
  hangup.off(removed);
  assert.equal(hangup.happened, false);
  hangup.hangUp();
  hangup.hangUp();
  assert.equal(hangup.happened, true);
  hangup.on(() => calls.push('late'));
  assert.deepEqual(calls, ['a', 'late']);
});
