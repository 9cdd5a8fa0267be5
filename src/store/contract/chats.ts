/** Store contract cases: chats, parties, transcript, agent load, subscriptions, audit. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../errors.js';
import type { ContractContext } from './fixtures.js';
import { newChat, newMessage, newParty, user } from './fixtures.js';

export function chatCases(ctx: ContractContext): void {
  test(
    'chats: insert, find by id and by customer token, conditional update by version',
    ctx.skip,
    async () => {
      const chat = newChat('0000AAAAAAAA0001');
      await ctx.store().chats.insert(chat, 'token-hash-1');
      assert.deepEqual(await ctx.store().chats.get(chat.id), chat);
      assert.deepEqual(await ctx.store().chats.getByCustomerToken('token-hash-1'), chat);
      assert.equal(await ctx.store().chats.getByCustomerToken('other'), undefined);
      const next = { ...chat, phase: 'Offered' as const, userData: { a: 1, b: 'x', c: null }, version: 2 };
      assert.equal(await ctx.store().chats.update(next), true);
      assert.equal(await ctx.store().chats.update(next), false, 'a stale version writes nothing');
      assert.deepEqual(await ctx.store().chats.get(chat.id), next);
      assert.equal(await ctx.store().chats.version(chat.id), 2);
      // Given the previous state, only what differs is written — and all of it.
      const third = { ...next, lastIndex: 4, subject: 'billing', endedAt: 99, version: 3 };
      assert.equal(await ctx.store().chats.update(third, next), true);
      assert.deepEqual(await ctx.store().chats.get(chat.id), third);
      const fourth = { ...third, lastIndex: 5, version: 4 };
      assert.equal(await ctx.store().chats.update(fourth, third), true);
      assert.equal(await ctx.store().chats.update(fourth, third), false, 'still conditional');
      assert.deepEqual(await ctx.store().chats.get(chat.id), fourth);
      assert.equal(await ctx.store().chats.version('0000AAAAAAAA0404'), undefined);
      await assert.rejects(
        ctx.store().chats.insert(newChat('0000AAAAAAAA0002'), 'token-hash-1'),
        (e: unknown) => {
          return e instanceof DomainError && e.code === 'AlreadyExists';
        },
      );
    },
  );

  test(
    'chats: queue order by phase, contact centers with work, customer delivery mark',
    ctx.skip,
    async () => {
      await ctx.store().chats.insert({ ...newChat('0000AAAAAAAA0003'), createdAt: 30 }, 'th3');
      await ctx.store().chats.insert({ ...newChat('0000AAAAAAAA0004'), createdAt: 20 }, 'th4');
      const queued = await ctx.store().chats.listByPhase('cc-1', 'Queued', 10);
      assert.deepEqual(
        queued.map((c) => c.id),
        ['0000AAAAAAAA0004', '0000AAAAAAAA0003'],
      );
      assert.deepEqual(await ctx.store().chats.contactCentersInPhases(['Queued']), ['cc-1']);
      assert.deepEqual(await ctx.store().chats.contactCentersInPhases(['Queued', 'Active']), ['cc-1']);
      assert.deepEqual(await ctx.store().chats.contactCentersInPhases([]), []);
      await ctx.store().chats.setCustomerDelivered('0000AAAAAAAA0003', 4);
      await ctx.store().chats.setCustomerDelivered('0000AAAAAAAA0003', 2);
      assert.equal(
        await ctx.store().chats.customerDelivered('0000AAAAAAAA0003'),
        4,
        'the mark never moves back',
      );
    },
  );

  test(
    'parties: upsert, per chat in invitation order, per user chats, expired offers',
    ctx.skip,
    async () => {
      const chatId = '0000AAAAAAAA0005';
      await ctx.store().chats.insert(newChat(chatId), 'th5');
      const customer = newParty(chatId, 'C', 'customer', null, 'Chatting', 1);
      const agent = { ...newParty(chatId, 'A', 'agent', 'u-agent', 'Invited', 2), offerExpiresAt: 100 };
      await ctx.store().parties.put(customer);
      await ctx.store().parties.put(agent);
      assert.deepEqual(await ctx.store().parties.listForChat(chatId), [customer, agent]);
      assert.deepEqual(await ctx.store().parties.expiredOffers(100, 10), [agent]);
      assert.deepEqual(await ctx.store().parties.expiredOffers(99, 10), []);
      const accepted = { ...agent, state: 'Chatting' as const, offerExpiresAt: null, nickname: 'Ann' };
      await ctx.store().parties.put(accepted);
      assert.deepEqual(await ctx.store().parties.expiredOffers(1000, 10), []);
      assert.deepEqual(await ctx.store().parties.listForUserChats('u-agent', ['Invited', 'Chatting']), [
        customer,
        accepted,
      ]);
      assert.deepEqual(await ctx.store().parties.listForUserChats('u-agent', ['Completed']), []);
      assert.deepEqual(
        (await ctx.store().chats.listForUser('u-agent', ['Invited', 'Chatting'])).map((c) => c.id),
        [chatId],
      );
      assert.deepEqual(await ctx.store().chats.listForUser('u-agent', ['LeftChat']), []);
      // A Monitor supervisor shown to agents keeps that; switched away, it no longer is.
      const shown = {
        ...newParty(chatId, 'S', 'supervisor', 'u-sup', 'Chatting', 3),
        mode: 'Monitor' as const,
        shownToAgents: true as const,
      };
      await ctx.store().parties.put(shown);
      assert.deepEqual((await ctx.store().parties.listForChat(chatId))[2], shown);
      const { shownToAgents: _shown, ...coaching } = { ...shown, mode: 'Coach' as const };
      await ctx.store().parties.put(coaching);
      assert.deepEqual((await ctx.store().parties.listForChat(chatId))[2], coaching);
    },
  );

  test('messages: append and list after an index with a limit', ctx.skip, async () => {
    const chatId = '0000AAAAAAAA0006';
    await ctx.store().chats.insert(newChat(chatId), 'th6');
    const messages = [1, 2, 3].map((index) => newMessage(chatId, index));
    await ctx.store().messages.append(messages);
    assert.deepEqual(await ctx.store().messages.list(chatId, 0, 10), messages);
    assert.deepEqual(await ctx.store().messages.list(chatId, 1, 1), [messages[1]]);
    await assert.rejects(ctx.store().messages.append([newMessage(chatId, 2)]), 'an index is written once');
  });

  test('agent load: reserve is one conditional write (Ready, under capacity)', ctx.skip, async () => {
    const userId = '4'.repeat(32);
    await ctx.store().users.create(user(userId, 'loaded'));
    await ctx.store().agentLoad.ensure(userId, 'cc-1', 10);
    await ctx.store().agentLoad.ensure(userId, 'cc-1', 99);
    assert.deepEqual(await ctx.store().agentLoad.get(userId), { userId, active: 0, idleSince: 10 });
    assert.equal(await ctx.store().agentLoad.reserve(userId, 2, 20), false, 'not Ready: no slot');
    await ctx.store().agentChannels.put({
      userId,
      channel: 'chat',
      contactCenterId: 'cc-1',
      state: 'Ready',
      changedAt: 1,
    });
    assert.deepEqual(await ctx.store().agentLoad.candidates('cc-1', 2), [
      { userId, active: 0, idleSince: 10 },
    ]);
    assert.equal(await ctx.store().agentLoad.reserve(userId, 2, 20), true);
    assert.equal(await ctx.store().agentLoad.reserve(userId, 2, 20), true);
    assert.equal(await ctx.store().agentLoad.reserve(userId, 2, 20), false, 'at capacity');
    assert.deepEqual(await ctx.store().agentLoad.candidates('cc-1', 2), []);
    assert.equal((await ctx.store().agentLoad.get(userId))?.idleSince, 20, 'an offer is activity');
    await ctx.store().agentLoad.touch(userId, 30);
    assert.equal((await ctx.store().agentLoad.get(userId))?.idleSince, 30, 'an accept is activity');
    await ctx.store().agentLoad.release(userId, 50);
    assert.deepEqual(await ctx.store().agentLoad.get(userId), { userId, active: 1, idleSince: 50 });
    await ctx.store().agentLoad.markReady(userId, 60);
    assert.equal(
      (await ctx.store().agentLoad.get(userId))?.idleSince,
      50,
      'busy agents keep their idle time',
    );
    await ctx.store().agentLoad.release(userId, 70);
    await ctx.store().agentLoad.release(userId, 80);
    assert.equal((await ctx.store().agentLoad.get(userId))?.active, 0, 'never below zero');
  });

  test('agent load: candidates with fewest chats first, then longest idle', ctx.skip, async () => {
    const ids = ['a1'.repeat(16), 'a2'.repeat(16), 'a3'.repeat(16)];
    for (const [i, id] of ids.entries()) {
      await ctx.store().users.create(user(id, `order${i}`));
      await ctx.store().agentLoad.ensure(id, 'cc-order', 10 - i);
      await ctx.store().agentChannels.put({
        userId: id,
        channel: 'chat',
        contactCenterId: 'cc-order',
        state: 'Ready',
        changedAt: 1,
      });
    }
    assert.deepEqual(
      (await ctx.store().agentLoad.candidates('cc-order', 3)).map((c) => c.userId),
      [ids[2], ids[1], ids[0]],
      'longest idle first',
    );
    assert.equal(await ctx.store().agentLoad.reserve(ids[2] ?? '', 3, 11), true);
    assert.deepEqual(
      (await ctx.store().agentLoad.candidates('cc-order', 3)).map((c) => [c.userId, c.active]),
      [
        [ids[1], 0],
        [ids[0], 0],
        [ids[2], 1],
      ],
    );
  });

  test('agent load: concurrent reserves never exceed capacity', ctx.skip, async () => {
    const userId = '5'.repeat(32);
    await ctx.store().users.create(user(userId, 'contended'));
    await ctx.store().agentLoad.ensure(userId, 'cc-1', 0);
    await ctx.store().agentChannels.put({
      userId,
      channel: 'chat',
      contactCenterId: 'cc-1',
      state: 'Ready',
      changedAt: 1,
    });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => ctx.store().transaction((tx) => tx.agentLoad.reserve(userId, 3, 20))),
    );
    assert.equal(results.filter(Boolean).length, 3);
    assert.equal((await ctx.store().agentLoad.get(userId))?.active, 3);
  });

  test(
    'subscriptions: upsert per (supervisor, agent), per agent, NextChat consumed once',
    ctx.skip,
    async () => {
      const [sup, agent] = ['6'.repeat(32), '7'.repeat(32)];
      await ctx.store().users.create(user(sup, 'watcher'));
      await ctx.store().users.create(user(agent, 'watched'));
      const sub = {
        supervisorId: sup,
        agentId: agent,
        contactCenterId: 'cc-1',
        mode: 'Monitor',
        scope: 'AllChats',
        nickname: 'w',
        createdAt: 1,
      } as const;
      await ctx.store().subscriptions.put(sub);
      await ctx.store().subscriptions.put({ ...sub, mode: 'Coach' });
      assert.deepEqual(await ctx.store().subscriptions.get(sup, agent), { ...sub, mode: 'Coach' });
      assert.deepEqual(await ctx.store().subscriptions.forAgent(agent), [{ ...sub, mode: 'Coach' }]);
      assert.equal(
        await ctx.store().subscriptions.consumeNextChat(sup, agent),
        false,
        'AllChats is not consumed',
      );
      await ctx.store().subscriptions.put({ ...sub, scope: 'NextChat' });
      assert.equal(await ctx.store().subscriptions.consumeNextChat(sup, agent), true);
      assert.equal(await ctx.store().subscriptions.consumeNextChat(sup, agent), false);
      assert.equal(await ctx.store().subscriptions.get(sup, agent), undefined);
      await ctx.store().subscriptions.put(sub);
      assert.equal(await ctx.store().subscriptions.delete(sup, agent), true);
      assert.equal(await ctx.store().subscriptions.delete(sup, agent), false);
    },
  );

  test('audit: appended in order, filtered, paged, per contact center', ctx.skip, async () => {
    const base = {
      contactCenterId: 'cc-1',
      supervisorId: 's1',
      agentId: 'a1',
      chatId: null,
      fromMode: null,
      toMode: 'Monitor',
    } as const;
    await ctx.store().audit.append({ ...base, at: 1, action: 'Subscribe' });
    await ctx.store().audit.append({ ...base, at: 2, action: 'Intrude', chatId: 'chat-1', agentId: 'a2' });
    await ctx.store().audit.append({
      ...base,
      at: 3,
      action: 'Switch',
      chatId: 'chat-1',
      fromMode: 'Monitor',
      toMode: 'BargeIn',
    });
    await ctx.store().audit.append({ ...base, contactCenterId: 'cc-2', at: 4, action: 'Cancel' });
    const all = await ctx.store().audit.list('cc-1', {}, 10);
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
      (await ctx.store().audit.list('cc-1', { chatId: 'chat-1' }, 10)).map((e) => e.at),
      [2, 3],
    );
    assert.deepEqual(
      (await ctx.store().audit.list('cc-1', { agentId: 'a2' }, 10)).map((e) => e.at),
      [2],
    );
    assert.deepEqual(
      (await ctx.store().audit.list('cc-1', { supervisorId: 'nobody' }, 10)).map((e) => e.at),
      [],
    );
    assert.deepEqual(
      (await ctx.store().audit.list('cc-1', { afterId: all[0]?.id }, 1)).map((e) => e.at),
      [2],
    );
  });
}
