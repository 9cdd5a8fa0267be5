/**
 * The store contract (STYLE.md §11): ONE suite that the SQLite and the PostgreSQL store must
 * both pass. Later features add their repositories' cases here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ContactCenter, User } from '../accounts/records.js';
import type { Chat, Message, Party } from '../chats/model.js';
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

const newChat = (id: string): Chat => ({
  id,
  contactCenterId: 'cc-1',
  queue: 'default',
  subject: 'Question',
  phase: 'Queued',
  userData: { Subject: 'Question' },
  lastIndex: 1,
  createdAt: 10,
  endedAt: null,
  version: 1,
});

const newParty = (
  chatId: string,
  participantId: string,
  role: Party['role'],
  userId: string | null,
  state: Party['state'],
  invitedAt: number,
): Party => ({
  chatId,
  participantId,
  role,
  userId,
  nickname: participantId,
  state,
  mode: null,
  invitedAt,
  offerExpiresAt: null,
});

const newMessage = (chatId: string, index: number): Message => ({
  chatId,
  index,
  type: 'Text',
  from: 'C',
  visibility: index === 2 ? 'Agents' : 'All',
  text: `m${index}`,
  url: null,
  noticeText: null,
  messageType: null,
  treatAs: 'Normal',
  createdAt: 100 + index,
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

    test('chats: insert, find by id and by customer token, conditional update by version', skip, async () => {
      const chat = newChat('0000AAAAAAAA0001');
      await store.chats.insert(chat, 'token-hash-1');
      assert.deepEqual(await store.chats.get(chat.id), chat);
      assert.deepEqual(await store.chats.getByCustomerToken('token-hash-1'), chat);
      assert.equal(await store.chats.getByCustomerToken('other'), undefined);
      const next = { ...chat, phase: 'Offered' as const, userData: { a: 1, b: 'x', c: null }, version: 2 };
      assert.equal(await store.chats.update(next), true);
      assert.equal(await store.chats.update(next), false, 'a stale version writes nothing');
      assert.deepEqual(await store.chats.get(chat.id), next);
      await assert.rejects(store.chats.insert(newChat('0000AAAAAAAA0002'), 'token-hash-1'), (e: unknown) => {
        return e instanceof DomainError && e.code === 'AlreadyExists';
      });
    });

    test('chats: queue order by phase, contact centers with work, customer delivery mark', skip, async () => {
      await store.chats.insert({ ...newChat('0000AAAAAAAA0003'), createdAt: 30 }, 'th3');
      await store.chats.insert({ ...newChat('0000AAAAAAAA0004'), createdAt: 20 }, 'th4');
      const queued = await store.chats.listByPhase('cc-1', 'Queued', 10);
      assert.deepEqual(
        queued.map((c) => c.id),
        ['0000AAAAAAAA0004', '0000AAAAAAAA0003'],
      );
      assert.deepEqual(await store.chats.contactCentersWithPhase('Queued'), ['cc-1']);
      await store.chats.setCustomerDelivered('0000AAAAAAAA0003', 4);
      await store.chats.setCustomerDelivered('0000AAAAAAAA0003', 2);
      assert.equal(await store.chats.customerDelivered('0000AAAAAAAA0003'), 4, 'the mark never moves back');
    });

    test('parties: upsert, per chat in invitation order, per user chats, expired offers', skip, async () => {
      const chatId = '0000AAAAAAAA0005';
      await store.chats.insert(newChat(chatId), 'th5');
      const customer = newParty(chatId, 'C', 'customer', null, 'Chatting', 1);
      const agent = { ...newParty(chatId, 'A', 'agent', 'u-agent', 'Invited', 2), offerExpiresAt: 100 };
      await store.parties.put(customer);
      await store.parties.put(agent);
      assert.deepEqual(await store.parties.listForChat(chatId), [customer, agent]);
      assert.deepEqual(await store.parties.expiredOffers(100, 10), [agent]);
      assert.deepEqual(await store.parties.expiredOffers(99, 10), []);
      const accepted = { ...agent, state: 'Chatting' as const, offerExpiresAt: null, nickname: 'Ann' };
      await store.parties.put(accepted);
      assert.deepEqual(await store.parties.expiredOffers(1000, 10), []);
      assert.deepEqual(await store.parties.listForUserChats('u-agent', ['Invited', 'Chatting']), [
        customer,
        accepted,
      ]);
      assert.deepEqual(await store.parties.listForUserChats('u-agent', ['Completed']), []);
      assert.deepEqual(
        (await store.chats.listForUser('u-agent', ['Invited', 'Chatting'])).map((c) => c.id),
        [chatId],
      );
      assert.deepEqual(await store.chats.listForUser('u-agent', ['LeftChat']), []);
    });

    test('messages: append and list after an index with a limit', skip, async () => {
      const chatId = '0000AAAAAAAA0006';
      await store.chats.insert(newChat(chatId), 'th6');
      const messages = [1, 2, 3].map((index) => newMessage(chatId, index));
      await store.messages.append(messages);
      assert.deepEqual(await store.messages.list(chatId, 0, 10), messages);
      assert.deepEqual(await store.messages.list(chatId, 1, 1), [messages[1]]);
      await assert.rejects(store.messages.append([newMessage(chatId, 2)]), 'an index is written once');
    });

    test('agent load: reserve is one conditional write (Ready, under capacity)', skip, async () => {
      const userId = '4'.repeat(32);
      await store.users.create(user(userId, 'loaded'));
      await store.agentLoad.ensure(userId, 'cc-1', 10);
      await store.agentLoad.ensure(userId, 'cc-1', 99);
      assert.deepEqual(await store.agentLoad.get(userId), { userId, active: 0, idleSince: 10 });
      assert.equal(await store.agentLoad.reserve(userId, 2), false, 'not Ready: no slot');
      await store.agentChannels.put({
        userId,
        channel: 'chat',
        contactCenterId: 'cc-1',
        state: 'Ready',
        changedAt: 1,
      });
      assert.deepEqual(await store.agentLoad.candidates('cc-1', 2), [{ userId, active: 0, idleSince: 10 }]);
      assert.equal(await store.agentLoad.reserve(userId, 2), true);
      assert.equal(await store.agentLoad.reserve(userId, 2), true);
      assert.equal(await store.agentLoad.reserve(userId, 2), false, 'at capacity');
      assert.deepEqual(await store.agentLoad.candidates('cc-1', 2), []);
      await store.agentLoad.release(userId, 50);
      assert.deepEqual(await store.agentLoad.get(userId), { userId, active: 1, idleSince: 50 });
      await store.agentLoad.markReady(userId, 60);
      assert.equal((await store.agentLoad.get(userId))?.idleSince, 50, 'busy agents keep their idle time');
      await store.agentLoad.release(userId, 70);
      await store.agentLoad.release(userId, 80);
      assert.equal((await store.agentLoad.get(userId))?.active, 0, 'never below zero');
    });

    test('agent load: concurrent reserves never exceed capacity', skip, async () => {
      const userId = '5'.repeat(32);
      await store.users.create(user(userId, 'contended'));
      await store.agentLoad.ensure(userId, 'cc-1', 0);
      await store.agentChannels.put({
        userId,
        channel: 'chat',
        contactCenterId: 'cc-1',
        state: 'Ready',
        changedAt: 1,
      });
      const results = await Promise.all(
        Array.from({ length: 12 }, () => store.transaction((tx) => tx.agentLoad.reserve(userId, 3))),
      );
      assert.equal(results.filter(Boolean).length, 3);
      assert.equal((await store.agentLoad.get(userId))?.active, 3);
    });

    test(
      'subscriptions: upsert per (supervisor, agent), per agent, NextChat consumed once',
      skip,
      async () => {
        const [sup, agent] = ['6'.repeat(32), '7'.repeat(32)];
        await store.users.create(user(sup, 'watcher'));
        await store.users.create(user(agent, 'watched'));
        const sub = {
          supervisorId: sup,
          agentId: agent,
          contactCenterId: 'cc-1',
          mode: 'Monitor',
          scope: 'AllChats',
          nickname: 'w',
          createdAt: 1,
        } as const;
        await store.subscriptions.put(sub);
        await store.subscriptions.put({ ...sub, mode: 'Coach' });
        assert.deepEqual(await store.subscriptions.get(sup, agent), { ...sub, mode: 'Coach' });
        assert.deepEqual(await store.subscriptions.forAgent(agent), [{ ...sub, mode: 'Coach' }]);
        assert.equal(
          await store.subscriptions.consumeNextChat(sup, agent),
          false,
          'AllChats is not consumed',
        );
        await store.subscriptions.put({ ...sub, scope: 'NextChat' });
        assert.equal(await store.subscriptions.consumeNextChat(sup, agent), true);
        assert.equal(await store.subscriptions.consumeNextChat(sup, agent), false);
        assert.equal(await store.subscriptions.get(sup, agent), undefined);
        await store.subscriptions.put(sub);
        assert.equal(await store.subscriptions.delete(sup, agent), true);
        assert.equal(await store.subscriptions.delete(sup, agent), false);
      },
    );

    test('audit: appended in order, filtered, paged, per contact center', skip, async () => {
      const base = {
        contactCenterId: 'cc-1',
        supervisorId: 's1',
        agentId: 'a1',
        chatId: null,
        fromMode: null,
        toMode: 'Monitor',
      } as const;
      await store.audit.append({ ...base, at: 1, action: 'Subscribe' });
      await store.audit.append({ ...base, at: 2, action: 'Intrude', chatId: 'chat-1', agentId: 'a2' });
      await store.audit.append({
        ...base,
        at: 3,
        action: 'Switch',
        chatId: 'chat-1',
        fromMode: 'Monitor',
        toMode: 'BargeIn',
      });
      await store.audit.append({ ...base, contactCenterId: 'cc-2', at: 4, action: 'Cancel' });
      const all = await store.audit.list('cc-1', {}, 10);
      assert.deepEqual(
        all.map((e) => e.action),
        ['Subscribe', 'Intrude', 'Switch'],
      );
      assert.deepEqual(all[2], {
        ...base,
        id: all[2]?.id ?? 0,
        at: 3,
        action: 'Switch',
        chatId: 'chat-1',
        fromMode: 'Monitor',
        toMode: 'BargeIn',
      });
      assert.deepEqual(
        (await store.audit.list('cc-1', { chatId: 'chat-1' }, 10)).map((e) => e.at),
        [2, 3],
      );
      assert.deepEqual(
        (await store.audit.list('cc-1', { agentId: 'a2' }, 10)).map((e) => e.at),
        [2],
      );
      assert.deepEqual(
        (await store.audit.list('cc-1', { supervisorId: 'nobody' }, 10)).map((e) => e.at),
        [],
      );
      assert.deepEqual(
        (await store.audit.list('cc-1', { afterId: all[0]?.id }, 1)).map((e) => e.at),
        [2],
      );
    });

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
