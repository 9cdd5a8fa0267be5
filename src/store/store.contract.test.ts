/**
 * The store contract (STYLE.md §11): ONE suite that the SQLite and the PostgreSQL store must
 * both pass. Later features add their repositories' cases here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactCenter, User } from '../accounts/records.js';
import { DEFAULT_SETTINGS } from '../accounts/records.js';
import { DomainError } from '../errors.js';
import type { TestDatabase } from '../../test/support/databases.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from '../../test/support/databases.js';
import type { Store } from './store.js';

const cc = (id: string): ContactCenter => ({
  id,
  name: `cc ${id}`,
  features: ['api-multimedia'],
  settings: DEFAULT_SETTINGS,
  createdAt: 1_700_000_000_000,
});

const user = (id: string, userName: string, contactCenterId = 'cc-1'): User => ({
  id,
  contactCenterId,
  userName,
  passwordHash: 'scrypt$hash',
  firstName: 'Ann',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'],
  enabled: true,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
});

for (const [name, makeDatabase] of [
  ['sqlite', sqliteDatabase],
  ['postgres', postgresDatabase],
] as const) {
  describe(`store contract: ${name}`, async () => {
    const skip = name === 'postgres' ? await postgresSkip() : {};
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      if (skip.skip) return;
      database = makeDatabase();
      store = await database.open();
      await store.contactCenters.create(cc('cc-1'));
      await store.contactCenters.create(cc('cc-2'));
    });
    after(async () => {
      if (skip.skip) return;
      await store.close();
      await database.drop();
    });

    test('migrations are applied and re-opening applies none twice', skip, async () => {
      assert.ok((await store.schemaVersion()) >= 1);
      const again = await database.open();
      assert.equal(await again.schemaVersion(), await store.schemaVersion());
      await again.close();
    });

    test('contact centers round-trip, list and update', skip, async () => {
      assert.deepEqual(await store.contactCenters.get('cc-1'), cc('cc-1'));
      assert.equal(await store.contactCenters.get('nope'), undefined);
      assert.deepEqual(
        (await store.contactCenters.list()).map((c) => c.id),
        ['cc-1', 'cc-2'],
      );
      const updated = await store.contactCenters.update('cc-2', { features: ['api-voice'] });
      assert.deepEqual(updated?.features, ['api-voice']);
      assert.deepEqual((await store.contactCenters.get('cc-2'))?.features, ['api-voice']);
      assert.equal(await store.contactCenters.update('nope', { name: 'x' }), undefined);
    });

    test('users: create, find by id and case-insensitive name, list by contact center', skip, async () => {
      await store.users.create(user('a'.repeat(32), 'Agent.One'));
      await store.users.create(user('b'.repeat(32), 'boss', 'cc-2'));
      assert.deepEqual(await store.users.get('a'.repeat(32)), user('a'.repeat(32), 'Agent.One'));
      assert.equal((await store.users.getByUserName('agent.one'))?.id, 'a'.repeat(32));
      assert.equal(await store.users.getByUserName('nobody'), undefined);
      assert.deepEqual(
        (await store.users.listByContactCenter('cc-1')).map((u) => u.userName),
        ['Agent.One'],
      );
    });

    test('a user name taken in any case, or a taken id, is AlreadyExists', skip, async () => {
      await assert.rejects(store.users.create(user('c'.repeat(32), 'AGENT.ONE')), (e: unknown) => {
        return e instanceof DomainError && e.code === 'AlreadyExists';
      });
      await assert.rejects(store.users.create(user('a'.repeat(32), 'other')), (e: unknown) => {
        return e instanceof DomainError && e.code === 'AlreadyExists';
      });
    });

    test('users: update and delete', skip, async () => {
      const id = 'd'.repeat(32);
      await store.users.create(user(id, 'temp'));
      const updated = await store.users.update(id, {
        roles: ['ROLE_SUPERVISOR'],
        enabled: false,
        updatedAt: 5,
      });
      assert.deepEqual(updated?.roles, ['ROLE_SUPERVISOR']);
      assert.equal((await store.users.get(id))?.enabled, false);
      assert.equal((await store.users.get(id))?.updatedAt, 5);
      assert.equal(await store.users.delete(id), true);
      assert.equal(await store.users.delete(id), false);
      assert.equal(await store.users.update(id, { updatedAt: 6 }), undefined);
    });

    test('sessions: create, touch, expire, and go with their user', skip, async () => {
      const userId = 'e'.repeat(32);
      await store.users.create(user(userId, 'sessioned'));
      const s = { idHash: 'h1', userId, csrfToken: 't', createdAt: 1, lastSeenAt: 1, expiresAt: 100 };
      await store.sessions.create(s);
      await store.sessions.create({ ...s, idHash: 'h2', expiresAt: 1000 });
      assert.deepEqual(await store.sessions.get('h1'), s);
      await store.sessions.touch('h1', 50, 2000);
      assert.equal((await store.sessions.get('h1'))?.expiresAt, 2000);
      assert.equal(await store.sessions.deleteExpired(1500), 1);
      assert.equal(await store.sessions.get('h2'), undefined);
      await store.users.delete(userId);
      assert.equal(await store.sessions.get('h1'), undefined, 'sessions are deleted with their user');
    });

    test('login failures: put is an upsert, clear removes', skip, async () => {
      const r = { userNameKey: 'x', failures: 1, windowStartedAt: 10, lockedUntil: 0 };
      await store.loginFailures.put(r);
      await store.loginFailures.put({ ...r, failures: 2, lockedUntil: 99 });
      assert.deepEqual(await store.loginFailures.get('x'), { ...r, failures: 2, lockedUntil: 99 });
      await store.loginFailures.clear('x');
      assert.equal(await store.loginFailures.get('x'), undefined);
    });

    test(
      'agent channels: put is an upsert per (user, channel), listed per user, deleted per user',
      skip,
      async () => {
        const userId = '3'.repeat(32);
        await store.users.create(user(userId, 'channelled'));
        const chat = {
          userId,
          channel: 'chat',
          contactCenterId: 'cc-1',
          state: 'NotReady',
          changedAt: 1,
        } as const;
        await store.agentChannels.put(chat);
        await store.agentChannels.put({ ...chat, state: 'Ready', changedAt: 2 });
        await store.agentChannels.put({ ...chat, channel: 'email' });
        assert.deepEqual(
          await store.agentChannels.listForUser(userId),
          [
            { ...chat, state: 'Ready', changedAt: 2 },
            { ...chat, channel: 'email' },
          ].sort((a, b) => a.channel.localeCompare(b.channel)),
        );
        assert.equal(await store.agentChannels.deleteForUser(userId), 2);
        assert.deepEqual(await store.agentChannels.listForUser(userId), []);
      },
    );

    test('a transaction commits when its work resolves', skip, async () => {
      await store.transaction(async (tx) => {
        await tx.users.create(user('f'.repeat(32), 'committed'));
        assert.ok(await tx.users.get('f'.repeat(32)), 'visible inside its own transaction');
      });
      assert.ok(await store.users.get('f'.repeat(32)));
    });

    test('a transaction rolls back everything when its work throws', skip, async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.create(user('1'.repeat(32), 'rolled-back'));
          await tx.contactCenters.update('cc-1', { name: 'renamed' });
          throw new DomainError('InvalidState');
        }),
        (e: unknown) => e instanceof DomainError && e.code === 'InvalidState',
      );
      assert.equal(await store.users.get('1'.repeat(32)), undefined);
      assert.equal((await store.contactCenters.get('cc-1'))?.name, 'cc cc-1');
    });

    test('work outside a transaction never sees or joins an open one', skip, async () => {
      let release!: () => void;
      const paused = new Promise<void>((resolve) => (release = resolve));
      const id = '2'.repeat(32);
      const tx = store.transaction(async (t) => {
        await t.users.create(user(id, 'isolated'));
        await paused;
        throw new DomainError('InvalidState');
      });
      const outsideRead = store.users.get(id);
      release();
      await assert.rejects(tx);
      assert.equal(await outsideRead, undefined);
      assert.equal(await store.users.get(id), undefined);
    });

    test('concurrent transactions are serialised or isolated, never lost', skip, async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.users.create(user(i.toString(16).padStart(32, '9'), `bulk-${i}`, 'cc-2'));
          }),
        ),
      );
      const names = (await store.users.listByContactCenter('cc-2')).map((u) => u.userName);
      assert.equal(names.filter((n) => n.startsWith('bulk-')).length, 20);
    });
  });
}
