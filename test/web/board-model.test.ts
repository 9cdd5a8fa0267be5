/**
 * The supervisor console's board reducer (web/src/supervisor/board-model.ts) against README "The
 * live board": each BoardUpdated event applied to a snapshot gives the later snapshot, and
 * replaying events the snapshot already holds changes nothing in the end.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { displayName } from '../../web/src/lib/display-name.js';
import { formatDuration } from '../../web/src/lib/duration.js';
import type { Board } from '../../web/src/supervisor/board-model.js';
import {
  agentsByName,
  applyBoardEvent,
  boardFromSnapshot,
  holderOf,
  queuedByWait,
  replyWait,
} from '../../web/src/supervisor/board-model.js';

const ANN = { id: 'ann-id', userName: 'ann', firstName: 'Ann', lastName: 'Lee' };
const BOB = { id: 'bob-id', userName: 'bob', firstName: '', lastName: '' };
const CHAT = 'CHAT000000000001';

const event = (notificationType: string, rest: object) => ({
  messageType: 'BoardUpdated',
  notificationType,
  ...rest,
});
const queued = (id: string, waitingSince: number) =>
  event('BoardChatQueued', { chat: { id, queue: 'default', waitingSince } });
const offered = (id: string, agentId: string, startedAt = 1000) =>
  event('BoardChatOffered', { chat: { id, queue: 'default', startedAt }, agentId });
const accepted = (id: string, agentId: string, startedAt = 1000) =>
  event('BoardChatAccepted', { chat: { id, queue: 'default', startedAt }, agentId });
const released = (chatId: string, agentId: string) => event('BoardChatReleased', { chatId, agentId });
const ended = (chatId: string) => event('BoardChatEnded', { chatId });
const messages = (chatId: string, times: object) => event('BoardChatMessages', { chatId, ...times });
const agentState = (agent: object, state: string) =>
  event('BoardAgentStateChanged', { agent: { ...agent, state } });

const empty = () =>
  boardFromSnapshot({
    agents: [
      { ...ANN, state: 'Ready', chats: [] },
      { ...BOB, state: 'NotReady', chats: [] },
    ],
    queued: [],
    at: 5000,
  });

const apply = (board: Board, ...events: Record<string, unknown>[]) => events.reduce(applyBoardEvent, board);
/** What a screen shows of the board: agents' states and chats, and the queue. */
const view = (board: Board) => ({
  agents: board.agents.map((a) => [a.id, a.state, a.chats.map((c) => [c.id, c.state, c.lastAgentMessageAt])]),
  queued: board.queued.map((q) => [q.id, q.waitingSince, q.offeredTo ?? null]),
});

describe('the live board reducer', () => {
  test('a snapshot is read as the GET gives it', () => {
    const board = boardFromSnapshot({
      agents: [
        {
          ...ANN,
          state: 'Ready',
          chats: [
            {
              id: CHAT,
              state: 'Chatting',
              queue: 'sales',
              startedAt: 10,
              lastAgentMessageAt: 20,
              lastCustomerMessageAt: null,
            },
          ],
        },
      ],
      queued: [{ id: 'Q1', queue: 'default', waitingSince: 30, offeredTo: 'bob-id' }],
      at: 40,
    });
    assert.deepEqual(board.agents[0]?.chats, [
      {
        id: CHAT,
        state: 'Chatting',
        queue: 'sales',
        startedAt: 10,
        lastAgentMessageAt: 20,
        lastCustomerMessageAt: null,
      },
    ]);
    assert.deepEqual(board.queued, [{ id: 'Q1', queue: 'default', waitingSince: 30, offeredTo: 'bob-id' }]);
    assert.equal(board.at, 40);
  });

  test('queued, offered, accepted, messages, ended: one chat through the board', () => {
    let board = apply(empty(), queued(CHAT, 1000));
    assert.deepEqual(view(board).queued, [[CHAT, 1000, null]]);
    board = apply(board, offered(CHAT, ANN.id));
    assert.deepEqual(view(board), {
      agents: [
        ['ann-id', 'Ready', [[CHAT, 'Invited', null]]],
        ['bob-id', 'NotReady', []],
      ],
      queued: [[CHAT, 1000, 'ann-id']],
    });
    board = apply(board, accepted(CHAT, ANN.id));
    assert.deepEqual(view(board).agents[0], ['ann-id', 'Ready', [[CHAT, 'Chatting', null]]]);
    assert.deepEqual(view(board).queued, [], 'accepted: out of the queue');
    board = apply(
      board,
      messages(CHAT, { lastCustomerMessageAt: 2000 }),
      messages(CHAT, { lastAgentMessageAt: 3000 }),
    );
    assert.deepEqual(board.agents[0]?.chats[0], {
      id: CHAT,
      state: 'Chatting',
      queue: 'default',
      startedAt: 1000,
      lastAgentMessageAt: 3000,
      lastCustomerMessageAt: 2000,
    });
    board = apply(board, ended(CHAT));
    assert.deepEqual(view(board), {
      agents: [
        ['ann-id', 'Ready', []],
        ['bob-id', 'NotReady', []],
      ],
      queued: [],
    });
    assert.equal(board.times[CHAT], undefined, 'an ended chat is forgotten');
  });

  test('a rejected offer is released: off the agent, offeredTo cleared, still queued', () => {
    const board = apply(empty(), queued(CHAT, 1000), offered(CHAT, ANN.id), released(CHAT, ANN.id));
    assert.deepEqual(view(board).agents[0], ['ann-id', 'Ready', []]);
    assert.deepEqual(board.queued, [{ id: CHAT, queue: 'default', waitingSince: 1000 }]);
  });

  test('a release by another agent leaves the offer to this one', () => {
    const board = apply(empty(), queued(CHAT, 1000), offered(CHAT, ANN.id), released(CHAT, BOB.id));
    assert.deepEqual(view(board).queued, [[CHAT, 1000, 'ann-id']]);
  });

  test('a transfer keeps the times the board knows: the new agent sees the last reply', () => {
    const board = apply(
      empty(),
      queued(CHAT, 1000),
      offered(CHAT, ANN.id),
      accepted(CHAT, ANN.id),
      messages(CHAT, { lastAgentMessageAt: 1500, lastCustomerMessageAt: 1400 }),
      released(CHAT, ANN.id),
      queued(CHAT, 1600),
      offered(CHAT, BOB.id),
    );
    assert.deepEqual(view(board), {
      agents: [
        ['ann-id', 'Ready', []],
        ['bob-id', 'NotReady', [[CHAT, 'Invited', 1500]]],
      ],
      queued: [[CHAT, 1600, 'bob-id']],
    });
    assert.equal(board.agents[1]?.chats[0]?.lastCustomerMessageAt, 1400);
  });

  test('messages update the chat wherever it is: both agents of a conference', () => {
    const board = apply(
      empty(),
      accepted(CHAT, ANN.id),
      offered(CHAT, BOB.id),
      accepted(CHAT, BOB.id),
      messages(CHAT, { lastAgentMessageAt: 4000 }),
    );
    assert.deepEqual(
      board.agents.map((a) => a.chats.map((c) => c.lastAgentMessageAt)),
      [[4000], [4000]],
    );
    assert.equal(holderOf(board, CHAT)?.id, ANN.id);
  });

  test('an agent state change updates the agent, keeping its chats, or adds a new agent', () => {
    const carl = { id: 'carl-id', userName: 'carl', firstName: 'Carl', lastName: 'Oz' };
    const board = apply(
      empty(),
      accepted(CHAT, ANN.id),
      agentState(ANN, 'NotReady'),
      agentState(carl, 'NotReady'),
    );
    assert.deepEqual(view(board).agents, [
      ['ann-id', 'NotReady', [[CHAT, 'Chatting', null]]],
      ['bob-id', 'NotReady', []],
      ['carl-id', 'NotReady', []],
    ]);
    assert.deepEqual(
      agentsByName(board).map((a) => displayName(a)),
      ['Ann Lee', 'bob', 'Carl Oz'],
    );
  });

  test('events the snapshot already holds, replayed in order, give the same board', () => {
    const events = [
      queued(CHAT, 1000),
      offered(CHAT, ANN.id),
      accepted(CHAT, ANN.id),
      messages(CHAT, { lastAgentMessageAt: 3000 }),
      queued('CHAT2', 1100),
    ];
    const live = apply(empty(), ...events);
    const replayed = apply(live, ...events.slice(1));
    assert.deepEqual(view(replayed), view(live));
  });

  test('unknown events and agents change nothing', () => {
    const board = empty();
    assert.deepEqual(applyBoardEvent(board, event('BoardSomethingNew', {})), board);
    assert.deepEqual(view(apply(board, offered(CHAT, 'nobody'))).agents, view(board).agents);
  });

  test('queued chats are listed longest waiting first', () => {
    const board = apply(empty(), queued('B', 2000), queued('A', 1000), queued('C', 1500));
    assert.deepEqual(
      queuedByWait(board).map((q) => q.id),
      ['A', 'C', 'B'],
    );
  });
});

describe('waiting for a reply', () => {
  const chat = { id: CHAT, state: 'Chatting', queue: 'default', startedAt: 100, lastCustomerMessageAt: 300 };
  test('since the last agent reply, or since the start while there is none', () => {
    assert.deepEqual(replyWait({ ...chat, lastAgentMessageAt: 200 }), { since: 200, replied: true });
    assert.deepEqual(replyWait({ ...chat, lastAgentMessageAt: null }), { since: 100, replied: false });
  });

  test('durations read as m:ss, then h:mm:ss; never negative', () => {
    assert.deepEqual([0, 7_400, 59_999, 60_000, 750_000, 3_723_000, -5_000].map(formatDuration), [
      '0:00',
      '0:07',
      '0:59',
      '1:00',
      '12:30',
      '1:02:03',
      '0:00',
    ]);
  });
});
