/** The fake clock the suite drives time with (test/support/fake-clock.ts; src/clock.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemClock } from '../../src/clock.js';
import { FakeClock } from '../support/fake-clock.js';

test('nothing fires until advance; then each timer at its own time, in time order', async () => {
  const clock = new FakeClock(1000);
  const fired: string[] = [];
  clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
  clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
  clock.setTimeout(() => fired.push(`a2@${clock.now()}`), 100); // same time: the first made fires first
  clock.setTimeout(() => fired.push(`late@${clock.now()}`), 500);
  assert.deepEqual(fired, []);
  await clock.advance(99);
  assert.deepEqual(fired, []);
  assert.equal(clock.now(), 1099);
  await clock.advance(101);
  assert.deepEqual(fired, ['a@1100', 'a2@1100', 'b@1200']);
  assert.equal(clock.now(), 1200);
  assert.equal(clock.timerCount, 1, 'the later one still pending');
});

test('an interval fires every period on the way, between the timeouts that fall among them', async () => {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  const interval = clock.setInterval(() => fired.push(`tick@${clock.now()}`), 100);
  clock.setTimeout(() => fired.push(`once@${clock.now()}`), 250);
  await clock.advance(350);
  assert.deepEqual(fired, ['tick@100', 'tick@200', 'once@250', 'tick@300']);
  clock.clearInterval(interval);
  await clock.advance(1000);
  assert.equal(fired.length, 4, 'a cleared interval fires no more');
  assert.equal(clock.timerCount, 0);
});

test('cleared timeouts do not fire; a timer made by a firing one is due from then', async () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  const cancelled = clock.setTimeout(() => fired.push(-1), 10);
  clock.clearTimeout(cancelled);
  clock.setTimeout(() => {
    fired.push(clock.now());
    clock.setTimeout(() => fired.push(clock.now()), 30);
  }, 20);
  await clock.advance(49);
  assert.deepEqual(fired, [20]);
  await clock.advance(1);
  assert.deepEqual(fired, [20, 50]);
});

test('the work a timer starts has run when advance resolves; a returned promise is awaited', async () => {
  const clock = new FakeClock(0);
  const seen: string[] = [];
  clock.setTimeout(() => {
    void (async () => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      seen.push('chained work');
    })();
  }, 10);
  clock.setInterval(async () => {
    // Real I/O-like waiting: a few turns of the event loop before the pass is done.
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
    seen.push(`pass@${clock.now()}`);
  }, 15);
  await clock.advance(30);
  assert.deepEqual(seen, ['chained work', 'pass@15', 'pass@30']);
});

test('a rejected promise from a callback rejects advance', async () => {
  const clock = new FakeClock(0);
  clock.setTimeout(() => Promise.reject(new Error('pass failed')), 5);
  await assert.rejects(clock.advance(10), /pass failed/);
});

test('set jumps the time without firing; pending timers keep their remaining delays', async () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(clock.now()), 100);
  clock.set(10_000);
  assert.equal(clock.now(), 10_000);
  assert.deepEqual(fired, []);
  await clock.advance(99);
  assert.deepEqual(fired, []);
  await clock.advance(1);
  assert.deepEqual(fired, [10_100]);
  assert.throws(() => clock.set(Number.NaN), RangeError);
  await assert.rejects(clock.advance(-1), RangeError);
});

test('delays as Node takes them: under 1 ms (or not a number) is 1 ms; unref is allowed', async () => {
  const clock = new FakeClock(0);
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(clock.now()), 0).unref();
  clock.setTimeout(() => fired.push(clock.now()), Number.NaN);
  await clock.advance(0);
  assert.deepEqual(fired, []);
  await clock.advance(1);
  assert.deepEqual(fired, [1, 1]);
});

test('the system clock is the real one', async () => {
  const before = Date.now();
  const now = systemClock.now();
  assert.ok(now >= before && now <= Date.now());
  let fired = false;
  const timer = systemClock.setTimeout(() => (fired = true), 1).unref();
  systemClock.clearTimeout(timer);
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(fired, false, 'a cleared real timer does not fire');
});
