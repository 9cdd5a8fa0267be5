/**
 * The supervisors' live board across two nodes on PostgreSQL and Redis behind HAProxy, with the
 * official CometD client: a supervisor whose session lives on n2 sees, on `/parley/v1/board`, the
 * board events of a chat handled entirely through n1 — the agent going Ready, the chat queued,
 * offered, accepted, its messages and its end — in that order, and the snapshot GET through n2
 * agrees; an agent's subscription to the board is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from 'cometd';
import type { Json } from '../support/cluster-world.js';
import { ClusterWorld } from '../support/cluster-world.js';
import { subscribe, waitFor } from '../support/cometd.js';
import { clusterSkip } from '../support/e2e-stack.js';

describe('the board across two nodes', async () => {
  const skip = await clusterSkip();
  let world: ClusterWorld;
  before(async () => {
    if (!skip.skip) world = await ClusterWorld.start({ nodes: 2 });
  });
  after(() => world?.stop());

  test(
    'a supervisor on n2 sees the board events of a chat handled on n1',
    { ...skip, timeout: 120_000 },
    async () => {
      const agent = await world.user('agent', ['ROLE_AGENT']);
      const sam = await world.user('super', ['ROLE_SUPERVISOR']);
      const watching = await world.listen(sam, 'n2', 'websocket');
      const board: Message[] = [];
      assert.equal((await subscribe(watching.client, '/parley/v1/board', board)).successful, true);

      const agentListener = await world.listen(agent, 'n1', 'long-polling');
      const refused = await subscribe(agentListener.client, '/parley/v1/board', []);
      assert.deepEqual([refused.successful, refused.error], [false, '403::Forbidden channel']);

      await world.ok('/api/v2/me', agent.headers('n1'), {
        operationName: 'StartContactCenterSession',
        channels: ['chat'],
      });
      const { chatId, token } = await world.acceptedChat(agent, agentListener, 'n1');
      const events = () => board.map((m) => m.data as Json);
      const ofChat = () =>
        events().filter((e) => e.chatId === chatId || (e.chat as Json | undefined)?.id === chatId);
      await waitFor(() => ofChat().length >= 3, 10_000, 'queued, offered, accepted on n2');

      const snapshot = await world.request('GET', '/parley/v1/board', sam.headers('n2'));
      assert.equal(snapshot.body.statusCode, 0, JSON.stringify(snapshot.body));
      const agents = (snapshot.body.board as Json).agents as Json[];
      const held = agents.find((a) => a.id === agent.id)?.chats as Json[];
      assert.deepEqual(
        held.map((c) => [c.id, c.state, c.lastAgentMessageAt, c.lastCustomerMessageAt]),
        [[chatId, 'Chatting', null, null]],
      );

      await world.ok(`/api/v2/chats/${token}`, world.customerHeaders('n1'), {
        operationName: 'SendMessage',
        text: 'Hello?',
      });
      await world.ok(`/api/v2/me/chats/${chatId}`, agent.headers('n1'), {
        operationName: 'SendMessage',
        text: 'Hi',
      });
      await world.ok(`/api/v2/me/chats/${chatId}`, agent.headers('n1'), { operationName: 'Complete' });
      await waitFor(
        () => ofChat().some((e) => e.notificationType === 'BoardChatEnded'),
        10_000,
        'the end on n2',
      );

      assert.deepEqual(
        ofChat().map((e) => [
          e.notificationType,
          e.agentId ?? null,
          'lastAgentMessageAt' in e,
          'lastCustomerMessageAt' in e,
        ]),
        [
          ['BoardChatQueued', null, false, false],
          ['BoardChatOffered', agent.id, false, false],
          ['BoardChatAccepted', agent.id, false, false],
          ['BoardChatMessages', null, false, true],
          ['BoardChatMessages', null, true, false],
          ['BoardChatEnded', null, false, false],
        ],
      );
      const states = events()
        .filter((e) => e.notificationType === 'BoardAgentStateChanged' && (e.agent as Json).id === agent.id)
        .map((e) => (e.agent as Json).state);
      assert.deepEqual(states, ['NotReady', 'Ready', 'NotReady']);
      assert.ok(
        board.every((m) => m.channel === '/parley/v1/board'),
        'board events on the board channel only',
      );
      assert.ok(
        agentListener.received.every((d) => d.messageType !== 'BoardUpdated'),
        'the agent is told nothing of the board',
      );
    },
  );
});
