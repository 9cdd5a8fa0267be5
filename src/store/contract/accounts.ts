/** Store contract cases: migrations, contact centers, users, sessions, login failures, agent channels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../errors.js';
import type { ContractContext } from './fixtures.js';
import { cc, user } from './fixtures.js';

export function accountCases(ctx: ContractContext): void {
  test('migrations are applied and re-opening applies none twice', ctx.skip, async () => {
    assert.ok((await ctx.store().schemaVersion()) >= 1);
    const again = await ctx.database().open();
    assert.equal(await again.schemaVersion(), await ctx.store().schemaVersion());
    await again.close();
  });

  test('contact centers round-trip, list and update', ctx.skip, async () => {
    assert.deepEqual(await ctx.store().contactCenters.get('cc-1'), cc('cc-1'));
    assert.equal(await ctx.store().contactCenters.get('nope'), undefined);
    assert.deepEqual(
      (await ctx.store().contactCenters.list()).map((c) => c.id),
      ['cc-1', 'cc-2'],
    );
    const updated = await ctx.store().contactCenters.update('cc-2', { features: ['api-voice'] });
    assert.deepEqual(updated?.features, ['api-voice']);
    assert.deepEqual((await ctx.store().contactCenters.get('cc-2'))?.features, ['api-voice']);
    assert.equal(await ctx.store().contactCenters.update('nope', { name: 'x' }), undefined);
  });

  test(
    'contact centers: the home one is the first created; found by name in any case',
    ctx.skip,
    async () => {
      // cc-1 and cc-2 share their createdAt: the id decides.
      assert.equal((await ctx.store().contactCenters.home())?.id, 'cc-1');
      assert.deepEqual(
        (await ctx.store().contactCenters.listByName('CC CC-2')).map((c) => c.id),
        ['cc-2'],
      );
      assert.deepEqual(await ctx.store().contactCenters.listByName('cc'), []);
    },
  );

  test('users: create, find by id and case-insensitive name, list by contact center', ctx.skip, async () => {
    await ctx.store().users.create(user('a'.repeat(32), 'Agent.One'));
    await ctx.store().users.create(user('b'.repeat(32), 'boss', 'cc-2'));
    assert.deepEqual(await ctx.store().users.get('a'.repeat(32)), user('a'.repeat(32), 'Agent.One'));
    assert.equal((await ctx.store().users.getByUserName('agent.one', 'cc-1'))?.id, 'a'.repeat(32));
    assert.equal((await ctx.store().users.getByUserName('BOSS', 'cc-2'))?.id, 'b'.repeat(32));
    assert.equal(await ctx.store().users.getByUserName('boss', 'cc-1'), undefined, 'not in cc-1');
    assert.equal(await ctx.store().users.getByUserName('nobody', 'cc-1'), undefined);
    // Without a contact center: the home one (cc-1) only.
    assert.equal((await ctx.store().users.getByUserName('agent.one'))?.id, 'a'.repeat(32));
    assert.equal(await ctx.store().users.getByUserName('boss'), undefined);
    assert.deepEqual(
      (await ctx.store().users.listByContactCenter('cc-1')).map((u) => u.userName),
      ['Agent.One'],
    );
  });

  test(
    'a user name taken in any case in its contact center, or a taken id, is AlreadyExists',
    ctx.skip,
    async () => {
      await assert.rejects(ctx.store().users.create(user('c'.repeat(32), 'AGENT.ONE')), (e: unknown) => {
        return e instanceof DomainError && e.code === 'AlreadyExists';
      });
      await assert.rejects(ctx.store().users.create(user('a'.repeat(32), 'other')), (e: unknown) => {
        return e instanceof DomainError && e.code === 'AlreadyExists';
      });
    },
  );

  test('the same user name in two contact centers: two users', ctx.skip, async () => {
    const [here, there] = ['4'.repeat(32), '5'.repeat(32)];
    await ctx.store().users.create(user(here, 'Twin'));
    await ctx.store().users.create(user(there, 'TWIN', 'cc-2'));
    assert.equal((await ctx.store().users.getByUserName('twin', 'cc-1'))?.id, here);
    assert.equal((await ctx.store().users.getByUserName('twin', 'cc-2'))?.id, there);
    await ctx.store().users.delete(here);
    await ctx.store().users.delete(there);
  });

  test('users: a password hash is replaced only while it is still the expected one', ctx.skip, async () => {
    const id = '6'.repeat(32);
    await ctx.store().users.create(user(id, 'rehashed'));
    assert.equal(await ctx.store().users.replacePasswordHash(id, 'scrypt$stale', 'scrypt$new'), false);
    assert.equal(await ctx.store().users.replacePasswordHash(id, 'scrypt$hash', 'scrypt$new'), true);
    const after = await ctx.store().users.get(id);
    assert.deepEqual(after, { ...user(id, 'rehashed'), passwordHash: 'scrypt$new' }, 'nothing else changes');
    await ctx.store().users.delete(id);
  });

  test('users: update and delete', ctx.skip, async () => {
    const id = 'd'.repeat(32);
    await ctx.store().users.create(user(id, 'temp'));
    const updated = await ctx.store().users.update(id, {
      roles: ['ROLE_SUPERVISOR'],
      enabled: false,
      updatedAt: 5,
    });
    assert.deepEqual(updated?.roles, ['ROLE_SUPERVISOR']);
    assert.equal((await ctx.store().users.get(id))?.enabled, false);
    assert.equal((await ctx.store().users.get(id))?.updatedAt, 5);
    assert.equal(await ctx.store().users.delete(id), true);
    assert.equal(await ctx.store().users.delete(id), false);
    assert.equal(await ctx.store().users.update(id, { updatedAt: 6 }), undefined);
  });

  test('sessions: create, touch, expire, and go with their user', ctx.skip, async () => {
    const userId = 'e'.repeat(32);
    await ctx.store().users.create(user(userId, 'sessioned'));
    const s = { idHash: 'h1', userId, csrfToken: 't', createdAt: 1, lastSeenAt: 1, expiresAt: 100 };
    await ctx.store().sessions.create(s);
    await ctx.store().sessions.create({ ...s, idHash: 'h2', expiresAt: 1000 });
    assert.deepEqual(await ctx.store().sessions.get('h1'), s);
    await ctx.store().sessions.touch('h1', 50, 2000);
    assert.equal((await ctx.store().sessions.get('h1'))?.expiresAt, 2000);
    assert.equal(await ctx.store().sessions.deleteExpired(1500), 1);
    assert.equal(await ctx.store().sessions.get('h2'), undefined);
    await ctx.store().users.delete(userId);
    assert.equal(await ctx.store().sessions.get('h1'), undefined, 'sessions are deleted with their user');
  });

  test('login failures: count adds one within the window and restarts after it', ctx.skip, async () => {
    const failures = ctx.store().loginFailures;
    assert.deepEqual(await failures.count('x', 10, 0), {
      key: 'x',
      failures: 1,
      windowStartedAt: 10,
      lockedUntil: 0,
    });
    assert.equal((await failures.count('x', 20, 0)).failures, 2);
    await failures.lock('x', 99);
    await failures.lock('x', 50); // never shortens
    assert.deepEqual(await failures.get('x'), {
      key: 'x',
      failures: 2,
      windowStartedAt: 10,
      lockedUntil: 99,
    });
    // The window (started at 10) is over for a count that only takes windows started after 10.
    assert.deepEqual(await failures.count('x', 30, 10), {
      key: 'x',
      failures: 1,
      windowStartedAt: 30,
      lockedUntil: 99,
    });
    await failures.clear('x');
    assert.equal(await failures.get('x'), undefined);
  });

  test('login failures: concurrent counts are all counted', ctx.skip, async () => {
    const failures = ctx.store().loginFailures;
    const counts = await Promise.all(Array.from({ length: 20 }, () => failures.count('burst', 5, 0)));
    assert.deepEqual(
      counts.map((c) => c.failures).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await failures.clear('burst');
  });

  test('login failures: stale records are swept, live ones kept', ctx.skip, async () => {
    const failures = ctx.store().loginFailures;
    await failures.count('old', 100, 0);
    await failures.count('locked', 100, 0);
    await failures.lock('locked', 5000);
    await failures.count('recent', 900, 0);
    assert.equal(await failures.deleteStale(500), 1);
    assert.equal(await failures.get('old'), undefined);
    assert.ok(await failures.get('locked'));
    assert.ok(await failures.get('recent'));
    await failures.clear('locked');
    await failures.clear('recent');
  });

  test(
    'agent channels: put is an upsert per (user, channel), listed per user, deleted per user',
    ctx.skip,
    async () => {
      const userId = '3'.repeat(32);
      await ctx.store().users.create(user(userId, 'channelled'));
      const chat = {
        userId,
        channel: 'chat',
        contactCenterId: 'cc-1',
        state: 'NotReady',
        changedAt: 1,
      } as const;
      await ctx.store().agentChannels.put(chat);
      await ctx.store().agentChannels.put({ ...chat, state: 'Ready', changedAt: 2 });
      await ctx.store().agentChannels.put({ ...chat, channel: 'email' });
      assert.deepEqual(
        await ctx.store().agentChannels.listForUser(userId),
        [
          { ...chat, state: 'Ready', changedAt: 2 },
          { ...chat, channel: 'email' },
        ].sort((a, b) => a.channel.localeCompare(b.channel)),
      );
      assert.equal(await ctx.store().agentChannels.deleteForUser(userId), 2);
      assert.deepEqual(await ctx.store().agentChannels.listForUser(userId), []);
    },
  );
}
