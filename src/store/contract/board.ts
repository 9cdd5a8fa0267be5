/** Store contract cases: what the supervisors' board reads (supervision/board.ts), in one query each. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../../chats/model.js';
import type { ContractContext } from './fixtures.js';
import { cc, newChat, newMessage, newParty, user } from './fixtures.js';

const CC = 'cc-board';

export function boardCases(ctx: ContractContext): void {
  test(
    'board: open chats with their transcript times, agents live in them, channels of a contact center',
    ctx.skip,
    async () => {
      const store = ctx.store();
      await store.contactCenters.create(cc(CC));
      await store.users.create(user('b0000000000000000000000000000001', 'bea', CC));
      await store.users.create(user('b0000000000000000000000000000002', 'bob', CC));
      const [bea, bob] = ['b0000000000000000000000000000001', 'b0000000000000000000000000000002'];
      const chat = (id: string, createdAt: number, phase: 'Queued' | 'Offered' | 'Active' | 'Ended') => ({
        ...newChat(id),
        contactCenterId: CC,
        createdAt,
        phase,
      });
      // An active chat: the customer's text, bea's text and URL, a whisper and a typing event.
      await store.chats.insert(chat('0000BBBBBBBB0001', 10, 'Active'), 'board-1');
      await store.parties.put(newParty('0000BBBBBBBB0001', 'C1', 'customer', null, 'Chatting', 10));
      await store.parties.put(newParty('0000BBBBBBBB0001', 'A1', 'agent', bea, 'Chatting', 11));
      await store.parties.put(newParty('0000BBBBBBBB0001', 'A2', 'agent', bob, 'Completed', 11));
      const said = (index: number, from: string, at: number, patch: Partial<Message> = {}): Message => ({
        ...newMessage('0000BBBBBBBB0001', index),
        from,
        visibility: 'All',
        createdAt: at,
        ...patch,
      });
      await store.messages.append([
        said(1, 'C1', 100),
        said(2, 'A1', 200),
        said(3, 'A1', 300, { type: 'PushUrl', url: 'https://example.com', text: null }),
        said(4, 'A1', 400, { visibility: 'Agents' }),
        said(5, 'A1', 500, { type: 'TypingStarted', text: null }),
        said(6, 'C1', 600, { type: 'TypingStarted', text: null }),
      ]);
      // A re-queued chat offered to bob, an ended one, and one of another contact center.
      await store.chats.insert(chat('0000BBBBBBBB0002', 5, 'Offered'), 'board-2');
      await store.parties.put(newParty('0000BBBBBBBB0002', 'C2', 'customer', null, 'Chatting', 5));
      await store.parties.put(newParty('0000BBBBBBBB0002', 'A3', 'agent', bob, 'Invited', 50));
      await store.chats.insert(chat('0000BBBBBBBB0003', 1, 'Ended'), 'board-3');
      await store.parties.put(newParty('0000BBBBBBBB0003', 'A4', 'agent', bea, 'Chatting', 1));
      await store.chats.insert({ ...newChat('0000BBBBBBBB0004'), createdAt: 1 }, 'board-4');

      const open = await store.chats.listOpen(CC, 10);
      assert.deepEqual(
        open.map((o) => [
          o.chat.id,
          o.chat.phase,
          o.lastAgentMessageAt,
          o.lastCustomerMessageAt,
          o.lastStaffMessageAt,
        ]),
        [
          ['0000BBBBBBBB0002', 'Offered', null, null, null],
          ['0000BBBBBBBB0001', 'Active', 300, 100, 500],
        ],
      );
      assert.deepEqual(open[1]?.chat, await store.chats.get('0000BBBBBBBB0001'));
      assert.equal((await store.chats.listOpen(CC, 1)).length, 1, 'limited');

      const live = await store.parties.listLiveAgentsOfOpenChats(CC);
      assert.deepEqual(live.map((p) => [p.chatId, p.participantId, p.state]).sort(), [
        ['0000BBBBBBBB0001', 'A1', 'Chatting'],
        ['0000BBBBBBBB0002', 'A3', 'Invited'],
      ]);

      await store.agentChannels.put({
        userId: bea,
        channel: 'chat',
        contactCenterId: CC,
        state: 'Ready',
        changedAt: 7,
      });
      const channels = await store.agentChannels.listForContactCenter(CC);
      assert.deepEqual(channels, [
        { userId: bea, channel: 'chat', contactCenterId: CC, state: 'Ready', changedAt: 7 },
      ]);
      assert.deepEqual(await store.agentChannels.listForContactCenter('cc-2'), []);
    },
  );
}
