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

  test('users: create, find by id and case-insensitive name, list by contact center', ctx.skip, async () => {
    await ctx.store().users.create(user('a'.repeat(32), 'Agent.One'));
    await ctx.store().users.create(user('b'.repeat(32), 'boss', 'cc-2'));
    assert.deepEqual(await ctx.store().users.get('a'.repeat(32)), user('a'.repeat(32), 'Agent.One'));
    assert.equal((await ctx.store().users.getByUserName('agent.one'))?.id, 'a'.repeat(32));
    assert.equal(await ctx.store().users.getByUserName('nobody'), undefined);
    assert.deepEqual(
      (await ctx.store().users.listByContactCenter('cc-1')).map((u) => u.userName),
      ['Agent.One'],
    );
  });

  test('a user name taken in any case, or a taken id, is AlreadyExists', ctx.skip, async () => {
    await assert.rejects(ctx.store().users.create(user('c'.repeat(32), 'AGENT.ONE')), (e: unknown) => {
      return e instanceof DomainError && e.code === 'AlreadyExists';
    });
    await assert.rejects(ctx.store().users.create(user('a'.repeat(32), 'other')), (e: unknown) => {
      return e instanceof DomainError && e.code === 'AlreadyExists';
    });
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

  test('login failures: put is an upsert, clear removes', ctx.skip, async () => {
    const r = { userNameKey: 'x', failures: 1, windowStartedAt: 10, lockedUntil: 0 };
    await ctx.store().loginFailures.put(r);
    await ctx.store().loginFailures.put({ ...r, failures: 2, lockedUntil: 99 });
    assert.deepEqual(await ctx.store().loginFailures.get('x'), { ...r, failures: 2, lockedUntil: 99 });
    await ctx.store().loginFailures.clear('x');
    assert.equal(await ctx.store().loginFailures.get('x'), undefined);
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
