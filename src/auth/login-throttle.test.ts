/**
 * The failed-login throttle on a real store (no password checks here: the outcome of each attempt
 * is given). Source addresses are from the documentation ranges.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestDatabase } from '../../test/support/databases.js';
import { sqliteDatabase } from '../../test/support/databases.js';
import { DomainError } from '../errors.js';
import type { Store } from '../store/store.js';
import { LoginThrottle } from './login-throttle.js';
import { BASE_LOCK_MS, NAME_SOURCES_LIMIT, PAIR_LIMIT, SOURCE_LIMIT, WINDOW_MS } from './throttle.js';

const throttled = (e: unknown) => e instanceof DomainError && e.code === 'LoginThrottled';

describe('login throttle', () => {
  let database: TestDatabase;
  let store: Store;
  let clock = 1_000_000;
  let throttle: LoginThrottle;
  before(async () => {
    database = sqliteDatabase();
    store = await database.open();
    throttle = new LoginThrottle(store.loginFailures, () => clock);
  });
  after(async () => {
    await store.close();
    await database.drop();
  });
  const fail = async (name: string, source: string) => throttle.failed(await throttle.admit(name, source));
  const succeed = async (name: string, source: string) =>
    throttle.succeeded(await throttle.admit(name, source));

  test("a stranger's failures lock the stranger's source only, not the user's", async () => {
    for (let i = 0; i < PAIR_LIMIT; i++) await fail('cc/admin', '203.0.113.9');
    await assert.rejects(throttle.admit('cc/admin', '203.0.113.9'), throttled);
    await succeed('cc/admin', '198.51.100.4');
    await assert.rejects(throttle.admit('cc/admin', '203.0.113.9'), throttled, 'the stranger stays locked');
    clock += BASE_LOCK_MS;
    await fail('cc/admin', '203.0.113.9'); // one more attempt after the lock, which then doubles
    await assert.rejects(throttle.admit('cc/admin', '203.0.113.9'), (e: unknown) => {
      return throttled(e) && (e as DomainError).headers['retry-after'] === String((2 * BASE_LOCK_MS) / 1000);
    });
  });

  test('a success clears its pair: the user starts afresh', async () => {
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await fail('cc/typist', '198.51.100.5');
    await succeed('cc/typist', '198.51.100.5');
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await fail('cc/typist', '198.51.100.5');
    await succeed('cc/typist', '198.51.100.5');
  });

  test('parallel attempts of one pair: no more than the limit get past', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 3 * PAIR_LIMIT }, () => throttle.admit('cc/burst', '203.0.113.20')),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, PAIR_LIMIT);
    assert.ok(results.every((r) => r.status === 'fulfilled' || throttled(r.reason)));
  });

  test('one source spraying many names is locked for every name', async () => {
    for (let i = 0; i < SOURCE_LIMIT; i++) await fail(`cc/name-${i}`, '203.0.113.30');
    await assert.rejects(throttle.admit('cc/someone-else', '203.0.113.30'), (e: unknown) => {
      return throttled(e) && /from this address/.test((e as Error).message);
    });
    await succeed('cc/someone-else', '198.51.100.30'); // other sources are not affected
  });

  test('one source alone never puts a name under attack', async () => {
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < PAIR_LIMIT; i++) await fail('cc/lone', '203.0.113.40').catch(() => {});
      clock += WINDOW_MS;
    }
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await fail('cc/lone', '198.51.100.40');
    await succeed('cc/lone', '198.51.100.40');
  });

  test('a name failing from many sources: each source gets one attempt, the user still gets in', async () => {
    clock += 2 * WINDOW_MS;
    for (let i = 0; i < NAME_SOURCES_LIMIT; i++) await fail('cc/target', `192.0.2.${i + 1}`);
    // From now on any source is locked after one failure (it had five before).
    await fail('cc/target', '192.0.2.100');
    await assert.rejects(throttle.admit('cc/target', '192.0.2.100'), throttled);
    // The user, from its own address, with the right password at the first attempt.
    await succeed('cc/target', '198.51.100.50');
    // Other names are not affected.
    for (let i = 0; i < PAIR_LIMIT - 1; i++) await fail('cc/bystander', '192.0.2.100');
  });
});
