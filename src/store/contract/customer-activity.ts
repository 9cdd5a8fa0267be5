/**
 * Store contract cases: what RequestChat's admission and the customer timeouts read (migration
 * 8) — the customer's activity mark, waiting and recently requested chats per contact center,
 * idle customers and chats waiting since a time. In cc-2, which no other chat case uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Chat, ChatPhase, Message } from '../../chats/model.js';
import type { ContractContext } from './fixtures.js';
import { newChat, newMessage, newParty } from './fixtures.js';

const id = (n: number) => `0000DDDDDDDD000${n}`;

const chatIn = (n: number, phase: ChatPhase, createdAt: number): Chat => ({
  ...newChat(id(n)),
  contactCenterId: 'cc-2',
  phase,
  createdAt,
  endedAt: phase === 'Ended' ? createdAt + 1 : null,
});

const said = (chatId: string, index: number, from: string, createdAt: number): Message => ({
  ...newMessage(chatId, index),
  from,
  visibility: 'All',
  createdAt,
});

export function customerActivityCases(ctx: ContractContext): void {
  test(
    'chats: customer activity, waiting and requested counts, idle customers, chats waiting since',
    ctx.skip,
    async () => {
      const { chats, parties, messages } = ctx.store();
      // 1 queued, 2 offered after an agent handed it on at 2500, 3 in progress, 4 over.
      const rows = [
        chatIn(1, 'Queued', 1000),
        chatIn(2, 'Offered', 2000),
        chatIn(3, 'Active', 3000),
        chatIn(4, 'Ended', 4000),
      ];
      for (const [i, chat] of rows.entries()) {
        await chats.insert(chat, `activity-${i}`);
        await parties.put(newParty(chat.id, `C${i}`, 'customer', null, 'Chatting', chat.createdAt));
      }
      await parties.put(newParty(id(2), 'A2', 'agent', 'u-agent', 'Completed', 2100));
      await messages.append([said(id(1), 1, 'C0', 1000), said(id(1), 2, 'C0', 4000)]);
      await messages.append([said(id(2), 1, 'C1', 2000), said(id(2), 2, 'A2', 2500)]);

      assert.equal(await chats.customerSeenAt(id(3)), 3000, 'seen at its request');
      assert.equal(await chats.customerSeenAt('0000DDDDDDDD0404'), undefined);
      await chats.touchCustomer(id(3), 5000);
      await chats.touchCustomer(id(3), 4500);
      assert.equal(await chats.customerSeenAt(id(3)), 5000, 'the mark never moves back');
      assert.equal(await chats.version(id(3)), 1, 'activity is not a chat change');

      assert.equal(await chats.countWaiting('cc-2', 10), 2, 'queued and offered');
      assert.equal(await chats.countWaiting('cc-2', 1), 1, 'counted up to the limit');
      assert.deepEqual(await chats.requestedSince('cc-2', 1500, 10), { count: 3, oldest: 2000 });
      assert.deepEqual(await chats.requestedSince('cc-2', 1500, 2), { count: 2, oldest: 2000 });
      assert.deepEqual(await chats.requestedSince('cc-2', 4000, 10), { count: 0, oldest: undefined });

      assert.deepEqual(await chats.listCustomerIdle('cc-2', 2500, 10), [id(1), id(2)]);
      assert.deepEqual(await chats.listCustomerIdle('cc-2', 9000, 10), [id(1), id(2), id(3)], 'not over');
      assert.deepEqual(await chats.listCustomerIdle('cc-2', 9000, 1), [id(1)]);
      const elsewhere = await chats.listCustomerIdle('cc-1', 9000, 100);
      assert.ok(!elsewhere.some((chatId) => chatId.startsWith('0000DDDDDDDD')), 'per contact center');

      // 2 waits since its agent's last message (2500), 1 since its request: its customer's own don't count.
      assert.deepEqual(await chats.listWaitingSince('cc-2', 2000, 10), [id(1)]);
      assert.deepEqual(await chats.listWaitingSince('cc-2', 2500, 10), [id(1), id(2)]);
      assert.deepEqual(await chats.listWaitingSince('cc-2', 900, 10), []);
      assert.deepEqual(await chats.listWaitingSince('cc-2', 9000, 1), [id(1)]);
    },
  );
}
