/**
 * The supervisors' live board in process, on both stores: the `/parley/v1/board` events a
 * subscribed supervisor's Bayeux session receives (read from its queue in the hub) for an agent
 * going Ready and a chat queued → offered → accepted → messages → ended; the snapshot GET in
 * exact shape, and snapshot + events = a fresh snapshot; who is refused the channel and the GET.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { failure, json, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { operate, readyAgent, requestChat, supervisor, waitFor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';
import { createContactCenter, createStoredUser } from '../support/tenants.js';

type Reply = Record<string, unknown>;
type Board = { agents: Reply[]; queued: Reply[]; at: number };

const T0 = 1_760_000_000_000;

describeEachStore('board', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let time: number;
  let sam: Agent;
  beforeEach(async () => {
    time = T0;
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase(), now: () => time });
    sam = await supervisor(t, 'sam');
  });
  afterEach(async () => {
    if (!skip.skip) await t.close();
  });

  const notify = async (batch: object[], headers: Record<string, string> = {}): Promise<Reply[]> => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/notifications',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(batch),
    });
    return response.json<Reply[]>();
  };
  /** A session of `authorization`'s user and its answer to subscribing to the board. */
  const subscribeBoard = async (authorization: string) => {
    const [hello] = await notify([{ channel: '/meta/handshake', version: '1.0' }], { authorization });
    assert.equal(hello?.successful, true, JSON.stringify(hello));
    const clientId = String(hello?.clientId);
    const [reply] = await notify([
      { channel: '/meta/subscribe', clientId, subscription: '/parley/v1/board' },
    ]);
    return { clientId, reply: reply ?? {} };
  };
  /** What the session has been sent on the board so far (taken from its queue). */
  const received = (clientId: string): Reply[] => {
    const session = t.app.bayeux.hub.get(clientId);
    assert.ok(session, 'the session lives');
    return session
      .takeDeliveries()
      .messages.map((m) => JSON.parse(m) as { channel: string; data: Reply })
      .filter((m) => m.channel === '/parley/v1/board')
      .map((m) => m.data);
  };
  const getBoard = async (authorization: string) =>
    t.app.server.inject({ method: 'GET', url: '/parley/v1/board', headers: { authorization } });
  const boardOf = async (who: Agent): Promise<Board> => {
    const response = await getBoard(who.headers.authorization);
    const body = json(response);
    assert.equal(body.statusCode, 0, response.body);
    assert.deepEqual(Object.keys(body).sort(), ['board', 'statusCode']);
    return body.board as Board;
  };

  test(
    'a supervisor sees Ready, queued → offered → accepted → messages → ended; the snapshot says the same',
    skip,
    async () => {
      const { clientId, reply } = await subscribeBoard(sam.headers.authorization);
      assert.equal(reply.successful, true, JSON.stringify(reply));
      const ann = await readyAgent(t, 'ann');
      const agent = { id: ann.id, userName: 'ann', firstName: 'ann', lastName: 'Test' };
      assert.deepEqual(received(clientId), [
        {
          messageType: 'BoardUpdated',
          notificationType: 'BoardAgentStateChanged',
          agent: { ...agent, state: 'NotReady' },
        },
        {
          messageType: 'BoardUpdated',
          notificationType: 'BoardAgentStateChanged',
          agent: { ...agent, state: 'Ready' },
        },
      ]);
      const events: Reply[] = [];
      const start = await boardOf(sam);
      assert.deepEqual(start, {
        agents: [{ ...agent, state: 'Ready', chats: [] }],
        queued: [],
        at: T0,
      });

      const token = await requestChat(t, 'Carol');
      await waitFor(() => (t.app.bayeux.hub.get(clientId)?.pending ?? 0) >= 2, 5000, 'queued and offered');
      const offered = received(clientId);
      events.push(...offered);
      const chatId = String((offered[0]?.chat as Reply | undefined)?.id);
      const chat = { id: chatId, queue: 'default', startedAt: T0 };
      assert.deepEqual(offered, [
        {
          messageType: 'BoardUpdated',
          notificationType: 'BoardChatQueued',
          chat: { id: chatId, queue: 'default', waitingSince: T0 },
        },
        { messageType: 'BoardUpdated', notificationType: 'BoardChatOffered', chat, agentId: ann.id },
      ]);
      assert.deepEqual((await boardOf(sam)).queued, [
        { id: chatId, queue: 'default', waitingSince: T0, offeredTo: ann.id },
      ]);

      time = T0 + 1000;
      assert.equal((await operate(t, ann, chatId, { operationName: 'Accept' })).statusCode, 0);
      time = T0 + 2000;
      const customer = await t.app.server.inject({
        method: 'POST',
        url: `/api/v2/chats/${token}`,
        headers: { contactcenterid: t.contactCenterId },
        payload: { operationName: 'SendMessage', text: 'Where is my order?' },
      });
      assert.equal(json(customer).statusCode, 0);
      time = T0 + 3000;
      assert.equal(
        (await operate(t, ann, chatId, { operationName: 'SendStartTypingNotification' })).statusCode,
        0,
      );
      assert.equal(
        (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'On its way' })).statusCode,
        0,
      );
      const talked = received(clientId);
      events.push(...talked);
      assert.deepEqual(talked, [
        { messageType: 'BoardUpdated', notificationType: 'BoardChatAccepted', chat, agentId: ann.id },
        {
          messageType: 'BoardUpdated',
          notificationType: 'BoardChatMessages',
          chatId,
          lastCustomerMessageAt: T0 + 2000,
        },
        {
          messageType: 'BoardUpdated',
          notificationType: 'BoardChatMessages',
          chatId,
          lastAgentMessageAt: T0 + 3000,
        },
      ]);
      const during = await boardOf(sam);
      assert.deepEqual(during, {
        agents: [
          {
            ...agent,
            state: 'Ready',
            chats: [
              { ...chat, state: 'Chatting', lastAgentMessageAt: T0 + 3000, lastCustomerMessageAt: T0 + 2000 },
            ],
          },
        ],
        queued: [],
        at: T0 + 3000,
      });
      assert.deepEqual(applied(start, events, during.at), during, 'snapshot + events = snapshot');

      time = T0 + 4000;
      assert.equal((await operate(t, ann, chatId, { operationName: 'Complete' })).statusCode, 0);
      const ended = received(clientId);
      events.push(...ended);
      assert.deepEqual(ended, [{ messageType: 'BoardUpdated', notificationType: 'BoardChatEnded', chatId }]);
      const after = await boardOf(sam);
      assert.deepEqual(after, {
        agents: [{ ...agent, state: 'Ready', chats: [] }],
        queued: [],
        at: T0 + 4000,
      });
      assert.deepEqual(applied(start, events, after.at), after, 'snapshot + events = snapshot');
    },
  );

  test(
    'a transfer, a rejection and routing again: snapshot + events = snapshot at each step',
    skip,
    async () => {
      const { clientId } = await subscribeBoard(sam.headers.authorization);
      const ann = await readyAgent(t, 'ann');
      await requestChat(t, 'Carol');
      await waitFor(() => (t.app.bayeux.hub.get(clientId)?.pending ?? 0) >= 4, 5000, 'queued and offered');
      const chatId = String((received(clientId)[2]?.chat as Reply | undefined)?.id);
      time = T0 + 1000;
      assert.equal((await operate(t, ann, chatId, { operationName: 'Accept' })).statusCode, 0);
      const bob = await readyAgent(t, 'bob');
      received(clientId);
      const start = await boardOf(sam);
      const events: Reply[] = [];

      time = T0 + 2000;
      const transfer = await operate(t, ann, chatId, {
        operationName: 'Transfer',
        targetUri: `http://localhost/api/v2/users/${bob.id}`,
      });
      assert.equal(transfer.statusCode, 0, JSON.stringify(transfer));
      const handed = received(clientId);
      events.push(...handed);
      assert.deepEqual(
        handed.map((e) => [e.notificationType, e.agentId ?? null]),
        [
          ['BoardChatQueued', null],
          ['BoardChatOffered', bob.id],
          ['BoardChatReleased', ann.id],
        ],
      );
      assert.deepEqual((handed[0]?.chat as Reply).waitingSince, T0 + 2000, 'waiting since the hand-over');
      const offered = await boardOf(sam);
      assert.deepEqual(offered.queued, [
        { id: chatId, queue: 'default', waitingSince: T0 + 2000, offeredTo: bob.id },
      ]);
      assert.deepEqual(applied(start, events, offered.at), offered);

      time = T0 + 3000;
      assert.equal((await operate(t, bob, chatId, { operationName: 'Reject' })).statusCode, 0);
      await waitFor(
        () => (t.app.bayeux.hub.get(clientId)?.pending ?? 0) >= 2,
        5000,
        'released, offered again',
      );
      events.push(...received(clientId));
      const again = await boardOf(sam);
      assert.equal(again.queued.length, 1);
      assert.equal(
        (again.queued[0] as Reply).waitingSince,
        T0 + 2000,
        'a rejection does not restart the wait',
      );
      assert.deepEqual(applied(start, events, again.at), again);
    },
  );

  test(
    'the board is refused to agents, administrators and customers, and another contact center sees only its own',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      const agentSession = await subscribeBoard(ann.headers.authorization);
      assert.deepEqual(
        [agentSession.reply.successful, agentSession.reply.error],
        [false, '403::Forbidden channel'],
      );
      const admin = await subscribeBoard('Basic ' + Buffer.from('admin:admin-password').toString('base64'));
      assert.equal(admin.reply.successful, false);
      assert.equal(failure(await getBoard(ann.headers.authorization)).statusCode, 5);
      assert.deepEqual(
        failure(await getBoard('Basic ' + Buffer.from('admin:admin-password').toString('base64'))).statusCode,
        5,
      );
      const customer = await t.app.server.inject({
        method: 'GET',
        url: '/parley/v1/board',
        headers: { contactcenterid: t.contactCenterId },
      });
      assert.equal(failure(customer).statusCode, 20);
      const [refused] = await notify([{ channel: '/meta/handshake', version: '1.0' }], {
        contactcenterid: t.contactCenterId,
      });
      assert.equal(refused?.successful, false, 'a customer has no Bayeux session at all');

      const other = await createContactCenter(t.store, 'other');
      const olga = await createStoredUser(t.store, other, 'olga', ['ROLE_SUPERVISOR']);
      const watcher = await subscribeBoard(olga.authorization);
      assert.equal(watcher.reply.successful, true, 'its own board');
      const wildcard = await notify([
        { channel: '/meta/subscribe', clientId: watcher.clientId, subscription: '/**' },
      ]);
      assert.equal(wildcard[0]?.successful, true);
      const mine = await subscribeBoard(sam.headers.authorization);
      await requestChat(t, 'Carol');
      await waitFor(
        () => (t.app.bayeux.hub.get(mine.clientId)?.pending ?? 0) >= 2,
        5000,
        'queued and offered',
      );
      assert.deepEqual(received(watcher.clientId), [], "nothing of A's board reaches B's supervisor");
      const theirs = json(await getBoard(olga.authorization));
      assert.deepEqual(theirs, { statusCode: 0, board: { agents: [], queued: [], at: time } });

      // A supervisor who loses the role stops receiving the board at once.
      const demoted = await t.app.server.inject({
        method: 'PUT',
        url: `/api/v2/users/${sam.id}`,
        headers: { authorization: 'Basic ' + Buffer.from('admin:admin-password').toString('base64') },
        payload: { roles: ['ROLE_AGENT'] },
      });
      assert.equal(json(demoted).statusCode, 0, demoted.body);
      await waitFor(
        () => t.app.bayeux.hub.get(mine.clientId)?.audiences.length === 0,
        5000,
        'audience revoked',
      );
      received(mine.clientId);
      const sue = await supervisor(t, 'sue');
      const still = await subscribeBoard(sue.headers.authorization);
      await requestChat(t, 'Dave');
      await waitFor(() => (t.app.bayeux.hub.get(still.clientId)?.pending ?? 0) >= 1, 5000, 'Dave queued');
      assert.equal(received(still.clientId)[0]?.notificationType, 'BoardChatQueued');
      assert.deepEqual(received(mine.clientId), [], 'the demoted supervisor is told nothing more');
    },
  );
});

/** A board client's reducer, as README Supervision describes it. */
function applied(start: Board, events: readonly Reply[], at: number): Board {
  const board = structuredClone(start) as unknown as {
    agents: { id: string; state: string; chats: Reply[] }[];
    queued: Reply[];
    at: number;
  };
  const times = new Map<string, Reply>();
  for (const agent of board.agents) for (const c of agent.chats) times.set(String(c.id), c);
  for (const e of events) {
    const chat = e.chat as Reply | undefined;
    const chatId = String(e.chatId ?? chat?.id);
    const agent = board.agents.find((a) => a.id === e.agentId);
    switch (e.notificationType) {
      case 'BoardChatQueued':
        board.queued.push({ ...chat });
        break;
      case 'BoardChatOffered': {
        const known = times.get(chatId);
        const entry = {
          ...chat,
          state: 'Invited',
          lastAgentMessageAt: known?.lastAgentMessageAt ?? null,
          lastCustomerMessageAt: known?.lastCustomerMessageAt ?? null,
        };
        agent?.chats.push(entry);
        times.set(chatId, entry);
        const queued = board.queued.find((q) => q.id === chatId);
        if (queued) queued.offeredTo = e.agentId;
        break;
      }
      case 'BoardChatAccepted': {
        const held = agent?.chats.find((c) => c.id === chatId);
        if (held) held.state = 'Chatting';
        board.queued = board.queued.filter((q) => q.id !== chatId);
        break;
      }
      case 'BoardChatReleased':
        if (agent) agent.chats = agent.chats.filter((c) => c.id !== chatId);
        for (const q of board.queued) if (q.id === chatId && q.offeredTo === e.agentId) delete q.offeredTo;
        break;
      case 'BoardChatEnded':
        for (const a of board.agents) a.chats = a.chats.filter((c) => c.id !== chatId);
        board.queued = board.queued.filter((q) => q.id !== chatId);
        break;
      case 'BoardChatMessages':
        for (const a of board.agents)
          for (const c of a.chats) {
            if (c.id !== chatId) continue;
            if (e.lastAgentMessageAt !== undefined) c.lastAgentMessageAt = e.lastAgentMessageAt;
            if (e.lastCustomerMessageAt !== undefined) c.lastCustomerMessageAt = e.lastCustomerMessageAt;
          }
        break;
      case 'BoardAgentStateChanged': {
        const changed = e.agent as { id: string; state: string };
        const known = board.agents.find((a) => a.id === changed.id);
        if (known) known.state = changed.state;
        else board.agents.push({ ...changed, chats: [] });
        break;
      }
    }
  }
  board.at = at;
  return board as unknown as Board;
}
