/** Routing (issue: longest-idle Ready agent under capacity, re-offer on Reject and timeout). */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import {
  customerChat,
  invitations,
  operate,
  readyAgent,
  Recorder,
  requestChat,
  waitFor,
} from '../support/chat-helpers.js';

describe('routing', () => {
  let t: TestApp;
  let rec: Recorder;
  let clock: number;
  beforeEach(async () => {
    clock = Date.now();
    // These tests request dozens of chats from one address within one (test) second: no
    // per-address limit (customer-limits.test.ts tests it).
    t = await startTestApp({ now: () => clock, env: { PARLEY_REQUEST_CHAT_PER_SOURCE: 'off' } });
    rec = new Recorder(t);
  });
  afterEach(() => t.close());
  const offeredTo = (agent: Agent, n = 1) =>
    waitFor(() => invitations(rec, agent.id).length >= n, 5000, `${n} offer(s) to ${agent.userName}`);
  const settle = () => new Promise((r) => setTimeout(r, 50));

  test('with no agent the chat waits, and is offered as soon as one is Ready', async () => {
    const token = await requestChat(t);
    await t.app.router.sweep(clock);
    assert.equal((await customerChat(t, token)).state, 'WaitingForAgent');
    const ann = await readyAgent(t, 'ann');
    await offeredTo(ann);
  });

  test('the longest-idle Ready agent gets the chat', async () => {
    const ann = await readyAgent(t, 'ann');
    clock += 1000;
    const bob = await readyAgent(t, 'bob');
    await requestChat(t);
    await offeredTo(ann);
    await settle();
    assert.deepEqual(invitations(rec, bob.id), []);
  });

  test('Reject re-offers the chat to the next agent; the rejecting agent gets Completed', async () => {
    const ann = await readyAgent(t, 'ann');
    clock += 1000;
    const bob = await readyAgent(t, 'bob');
    await requestChat(t);
    await offeredTo(ann);
    const chatId = invitations(rec, ann.id)[0] ?? '';
    assert.equal((await operate(t, ann, chatId, { operationName: 'Reject' })).statusCode, 0);
    const rejected = rec.of(ann.id).at(-1);
    assert.deepEqual([rejected?.notificationType, rejected?.chat?.state], ['StatusChange', 'Completed']);
    await offeredTo(bob);
    assert.equal(invitations(rec, bob.id)[0], chatId);
  });

  test('no answer within the invite timeout: withdrawn (Revoked) and offered to the next agent', async () => {
    const ann = await readyAgent(t, 'ann');
    clock += 1000;
    const bob = await readyAgent(t, 'bob');
    await requestChat(t);
    await offeredTo(ann);
    await t.app.router.sweep(clock + 29_000);
    assert.deepEqual(invitations(rec, bob.id), [], 'not before the timeout');
    clock += 31_000;
    await t.app.router.sweep(clock);
    assert.equal(rec.of(ann.id).at(-1)?.chat?.state, 'Revoked');
    await offeredTo(bob);
    const late = await operate(t, ann, invitations(rec, ann.id)[0] ?? '', { operationName: 'Accept' });
    assert.equal(late.statusCode, 2, 'a withdrawn offer cannot be accepted');
  });

  test('capacity is respected; a finished chat frees a slot for the next one', async () => {
    await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { chatCapacity: 2 } },
    });
    const ann = await readyAgent(t, 'ann');
    for (const nick of ['c1', 'c2', 'c3']) await requestChat(t, nick);
    await offeredTo(ann, 2);
    await settle();
    assert.equal(invitations(rec, ann.id).length, 2, 'never above capacity');
    const [first] = invitations(rec, ann.id);
    await operate(t, ann, first ?? '', { operationName: 'Accept' });
    await operate(t, ann, first ?? '', { operationName: 'Complete' });
    await offeredTo(ann, 3);
  });

  test('NotReady stops new offers but keeps the chat in progress', async () => {
    const ann = await readyAgent(t, 'ann');
    await requestChat(t);
    await offeredTo(ann);
    const chatId = invitations(rec, ann.id)[0] ?? '';
    await operate(t, ann, chatId, { operationName: 'Accept' });
    await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/me/channels/chat',
      headers: ann.headers,
      payload: { operationName: 'NotReady' },
    });
    await requestChat(t, 'second');
    await t.app.router.sweep(clock);
    await settle();
    assert.equal(invitations(rec, ann.id).length, 1);
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'still here' })).statusCode,
      0,
    );
  });

  test('Complete with queueName re-queues the chat: the customer waits again and it is offered again', async () => {
    const ann = await readyAgent(t, 'ann');
    clock += 1000;
    const token = await requestChat(t);
    await offeredTo(ann);
    const chatId = invitations(rec, ann.id)[0] ?? '';
    await operate(t, ann, chatId, { operationName: 'Accept' });
    const bob = await readyAgent(t, 'bob');
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Complete', queueName: 'billing' })).statusCode,
      0,
    );
    assert.equal(
      rec
        .of(ann.id)
        .filter((d) => d.notificationType === 'StatusChange')
        .at(-1)?.chat?.state,
      'Completed',
    );
    await offeredTo(bob);
    assert.equal(invitations(rec, bob.id)[0], chatId);
    assert.equal((await customerChat(t, token)).state, 'WaitingForAgent');
  });

  test('the customer leaving before an answer withdraws the offer', async () => {
    const ann = await readyAgent(t, 'ann');
    const token = await requestChat(t);
    await offeredTo(ann);
    await t.app.server.inject({
      method: 'POST',
      url: `/api/v2/chats/${token}`,
      headers: { contactcenterid: t.contactCenterId },
      payload: { operationName: 'Complete' },
    });
    assert.equal(rec.of(ann.id).at(-1)?.chat?.state, 'Revoked');
    assert.equal((await customerChat(t, token)).state, 'Idle');
  });

  test('many chats at once spread evenly: loads differ by at most one (offers and accepts are activity)', async () => {
    await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { chatCapacity: 20 } },
    });
    const agents: Agent[] = [];
    for (let i = 0; i < 8; i++) {
      agents.push(await readyAgent(t, `agent${i}`));
      clock += 1000;
    }
    const CHATS = 64; // 8 each: the late chat then tells whether accepting counted as activity
    await Promise.all(Array.from({ length: CHATS }, (_, i) => requestChat(t, `c${i}`)));
    const offered = () => agents.reduce((sum, a) => sum + invitations(rec, a.id).length, 0);
    await waitFor(() => offered() === CHATS, 10_000, 'every chat offered');
    const loads = agents.map((a) => invitations(rec, a.id).length);
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, `loads ${loads.join(', ')}`);
    // Accepting is activity too. Every offer was stamped with the same (test) time, so without
    // that the agent with the smallest id would win the next chat: it accepts, and must not.
    const first = [...agents].sort((a, b) => (a.id < b.id ? -1 : 1))[0] as Agent;
    clock += 1000;
    for (const chatId of invitations(rec, first.id))
      await operate(t, first, chatId, { operationName: 'Accept' });
    const loaded = new Map(agents.map((a) => [a.id, invitations(rec, a.id).length]));
    await requestChat(t, 'late');
    await waitFor(() => offered() === CHATS + 1, 5000, 'the late chat offered');
    const winner = agents.find((a) => invitations(rec, a.id).length > (loaded.get(a.id) ?? 0));
    assert.ok(winner && winner.id !== first.id, 'not the agent who just accepted');
    assert.equal(loaded.get(winner.id), Math.min(...loaded.values()), 'one of the least loaded');
  });
});
