/**
 * Collaboration in process (spec §2 Transfer, Invite, Consult, RemoveParticipantFromConference):
 * capacity taken and freed in one outcome, timeouts, audit records, and every denial with its
 * GWS error. The end-to-end files assert the notifications in full; these assert the rules.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, json, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  acceptedChat,
  customerView,
  intrude,
  invitations,
  monitor,
  operate,
  post,
  readyAgent,
  Recorder,
  supervisor,
  waitFor,
} from '../support/chat-helpers.js';

describe('collaboration', () => {
  let t: TestApp;
  let rec: Recorder;
  let clock: number;
  let ann: Agent;
  beforeEach(async () => {
    clock = Date.now();
    t = await startTestApp({ now: () => clock });
    rec = new Recorder(t);
    ann = await readyAgent(t, 'ann');
  });
  afterEach(() => t.close());
  const uri = (agent: Agent) => `http://elsewhere.example/api/v2/users/${agent.id}`;
  const load = async (agent: Agent) => (await t.store.agentLoad.get(agent.id))?.active;
  const last = (agent: Agent) => rec.of(agent.id).at(-1);
  const state = (agent: Agent) =>
    rec
      .of(agent.id)
      .filter((d) => d.notificationType === 'StatusChange')
      .at(-1)?.chat?.state;
  const setCapacity = (chatCapacity: number) =>
    t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { chatCapacity } },
    });

  test('Transfer to an agent: one outcome frees the transferring slot and takes the target’s', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    assert.deepEqual([await load(ann), await load(bob)], [1, 0]);
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Transfer', targetUri: uri(bob) })).statusCode,
      0,
    );
    assert.deepEqual([await load(ann), await load(bob)], [0, 1]);
    assert.equal(state(ann), 'Completed');
    assert.deepEqual(invitations(rec, bob.id), [chatId]);
    assert.equal((await customerView(t, token)).chat.state, 'WaitingForAgent');
    // Reject: back to the queue, as routing does (ann, who gave it away, is offered it only last).
    assert.equal((await operate(t, bob, chatId, { operationName: 'Reject' })).statusCode, 0);
    assert.deepEqual(last(bob)?.chat, {
      id: chatId,
      uri: rec.of(bob.id)[0]?.chat?.uri,
      path: `/chats/${chatId}`,
      state: 'Completed',
      participants: [],
    });
    await waitFor(
      () => invitations(rec, ann.id).length === 2 || invitations(rec, bob.id).length === 2,
      5000,
      'a new offer',
    );
  });

  test('an unanswered transfer times out back to the queue; an unanswered invitation just ends', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    const cat = await readyAgent(t, 'cat');
    await operate(t, ann, chatId, { operationName: 'Invite', targetUri: uri(bob) });
    clock += 31_000;
    await t.app.router.sweep(clock);
    assert.equal(state(bob), 'Revoked');
    assert.equal(await load(bob), 0, 'the withdrawn invitation gave the slot back');
    assert.equal(last(ann)?.notificationType, 'ParticipantsUpdated', 'ann can no longer remove bob');
    assert.ok(!(last(ann)?.chat?.capabilities as string[]).includes('RemoveParticipantFromConference'));
    await operate(t, ann, chatId, { operationName: 'Transfer', targetUri: uri(cat) });
    clock += 31_000;
    await t.app.router.sweep(clock);
    assert.equal(state(cat), 'Revoked');
    await waitFor(() => invitations(rec, bob.id).includes(chatId), 5000, 'the queue offers it again');
  });

  test('a consultation ends when its agent transfers the chat away: the consultant leaves with it', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    const cat = await readyAgent(t, 'cat');
    await operate(t, ann, chatId, { operationName: 'Consult', targetUri: uri(cat) });
    assert.equal((await operate(t, cat, chatId, { operationName: 'Accept' })).statusCode, 0);
    assert.equal(await load(cat), 1);
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Transfer', targetUri: uri(bob) })).statusCode,
      0,
    );
    // Found by R2: cat stayed Chatting while the chat waited for bob, and after bob's Reject.
    assert.equal(state(cat), 'Completed');
    assert.equal(await load(cat), 0, 'the consultant’s slot is free');
    const parties = await t.store.parties.listForChat(chatId);
    assert.equal(parties.find((p) => p.userId === cat.id)?.state, 'Completed');
  });

  test('a transfer to the consultant itself keeps it: it becomes visible and takes the chat', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    const cat = await readyAgent(t, 'cat');
    await operate(t, ann, chatId, { operationName: 'Consult', targetUri: uri(cat) });
    await operate(t, cat, chatId, { operationName: 'Accept' });
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Transfer', targetUri: uri(cat) })).statusCode,
      0,
    );
    const parties = await t.store.parties.listForChat(chatId);
    const copy = parties.find((p) => p.userId === cat.id);
    assert.deepEqual([copy?.state, copy?.via], ['Chatting', 'Transfer']);
    assert.equal(await load(cat), 1);
  });

  test('Consult to a queue picks as routing does, never someone already in the chat', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    clock += 1000;
    const bob = await readyAgent(t, 'bob');
    clock += 1000;
    const cat = await readyAgent(t, 'cat');
    await setCapacity(5);
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Consult', queueName: 'experts' })).statusCode,
      0,
    );
    assert.deepEqual(
      [invitations(rec, bob.id), invitations(rec, cat.id)],
      [[chatId], []],
      'longest idle first',
    );
    assert.equal(rec.of(bob.id).at(-1)?.chat?.chatType, 'Consult');
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'Consult', queueName: 'experts' })).statusCode,
      0,
    );
    assert.deepEqual(invitations(rec, cat.id), [chatId]);
    const none = await operate(t, ann, chatId, { operationName: 'Consult', queueName: 'experts' });
    assert.equal(none.statusCode, 19, 'nobody else is Ready');
  });

  test('every hand-over denial is a clear GWS error and changes nothing', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    const sue = await supervisor(t, 'sue');
    const before = await customerView(t, token);
    const cases: [object, number, RegExp][] = [
      [{ operationName: 'Transfer' }, 1, /targetUri/],
      [{ operationName: 'Transfer', targetUri: uri(bob), queueName: 'q' }, 10, /not both/],
      [{ operationName: 'Transfer', targetUri: 'http://x/api/v2/chats/abc' }, 10, /user URI/],
      [
        { operationName: 'Transfer', targetUri: `http://x/api/v2/users/${'0'.repeat(32)}` },
        6,
        /Unknown agent/,
      ],
      [{ operationName: 'Invite', targetUri: uri(sue) }, 6, /Unknown agent/],
      [{ operationName: 'Invite', queueName: 'q' }, 1, /targetUri/],
      [{ operationName: 'Invite', targetUri: 'http://x/api/v2/queues/q' }, 10, /agent/],
      [{ operationName: 'Invite', targetUri: uri(ann) }, 2, /already/],
      [{ operationName: 'Transfer', targetUri: uri(ann) }, 2, /already/],
      [{ operationName: 'RemoveParticipantFromConference', targetUri: uri(bob) }, 2, /not available/],
    ];
    for (const [body, statusCode, message] of cases) {
      const answer = await operate(t, ann, chatId, body);
      assert.equal(answer.statusCode, statusCode, JSON.stringify([body, answer]));
      assert.match(String(answer.statusMessage), message, JSON.stringify(body));
    }
    await post(t, bob, '/api/v2/me/channels/chat', { operationName: 'NotReady' });
    const notReady = await operate(t, ann, chatId, { operationName: 'Invite', targetUri: uri(bob) });
    assert.deepEqual(
      [notReady.statusCode, notReady.statusMessage],
      [19, 'The agent is not Ready on chat or has no free chat slot'],
    );
    assert.deepEqual(await customerView(t, token), before, 'nothing changed for the customer');
    assert.deepEqual([await load(ann), await load(bob)], [1, 0]);
  });

  test('in a conference the chat cannot go to a queue; Leave just leaves; Remove takes an agent out', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    clock += 1000; // parties are listed in the order they were invited
    await operate(t, ann, chatId, { operationName: 'Invite', targetUri: uri(bob) });
    await operate(t, bob, chatId, { operationName: 'Accept', nickname: 'Bob' });
    for (const body of [
      { operationName: 'Transfer', queueName: 'billing' },
      { operationName: 'Complete', queueName: 'billing' },
    ]) {
      assert.equal((await operate(t, ann, chatId, body)).statusCode, 2, JSON.stringify(body));
    }
    const removed = await operate(t, bob, chatId, {
      operationName: 'RemoveParticipantFromConference',
      targetUri: uri(ann),
    });
    assert.equal(removed.statusCode, 0);
    assert.equal(state(ann), 'Completed');
    assert.equal(await load(ann), 0);
    const { chat, messages } = await customerView(t, token);
    assert.deepEqual(
      [chat.state, (chat.participants as Data[]).map((p) => p.nickname)],
      ['Chatting', ['Chris', 'Bob']],
    );
    assert.ok(!JSON.stringify(messages).includes('REMOVE_PARTICIPANT'), 'the notice is for agents');
    assert.equal((await operate(t, bob, chatId, { operationName: 'Leave' })).statusCode, 0);
    assert.equal(state(bob), 'LeftChat', 'the last agent leaving ends the chat for the customer');
  });

  test('supervisors: a Monitor one is told its mode forbids sending; a Coach one hands over, audited', async () => {
    const sam = await supervisor(t, 'sam');
    assert.equal((await monitor(t, sam, ann, { operationName: 'Monitor' })).statusCode, 0);
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const refused = await operate(t, sam, chatId, { operationName: 'SendMessage', text: 'hi' });
    assert.deepEqual(
      [refused.statusCode, refused.statusMessage],
      [2, 'SendMessage is not available to a supervisor in Monitor mode'],
    );
    assert.equal((await operate(t, sam, chatId, { operationName: 'SwitchToCoach' })).statusCode, 0);
    const leak = await operate(t, sam, chatId, { operationName: 'Leave', text: 'bye all' });
    assert.equal(leak.statusCode, 2, 'a coach’s [T] text would reach the customer');
    const bob = await readyAgent(t, 'bob');
    assert.equal(
      (await operate(t, sam, chatId, { operationName: 'Transfer', targetUri: uri(bob) })).statusCode,
      0,
    );
    assert.deepEqual([state(ann), state(sam)], ['Completed', 'Completed']);
    assert.ok(!JSON.stringify((await customerView(t, token)).messages).includes('sam'));
    const audit = json(
      await t.app.server.inject({
        method: 'GET',
        url: `/parley/v1/supervision/audit?chatId=${chatId}`,
        headers: sam.headers,
      }),
    ).entries as Data[];
    assert.deepEqual(
      audit.map((e) => [e.action, e.agentId, e.fromMode ?? null, e.toMode ?? null]),
      [
        ['Join', ann.id, null, 'Monitor'],
        ['Switch', ann.id, 'Monitor', 'Coach'],
        ['Transfer', ann.id, 'Coach', null],
      ],
    );
  });

  test('Intrude into a conference: the supervisor stays with the agent who stays (§4.5), and can hand it over', async () => {
    const sam = await supervisor(t, 'sam');
    const { chatId } = await acceptedChat(t, rec, ann);
    const bob = await readyAgent(t, 'bob');
    await operate(t, ann, chatId, { operationName: 'Invite', targetUri: uri(bob) });
    await operate(t, bob, chatId, { operationName: 'Accept' });
    assert.equal((await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Coach' })).statusCode, 0);
    await operate(t, sam, chatId, { operationName: 'Accept' });
    assert.equal((await operate(t, ann, chatId, { operationName: 'Leave' })).statusCode, 0);
    assert.deepEqual([state(ann), state(sam)], ['Completed', 'Chatting']);
    // Its agent gone, the supervisor acts for the agent it stayed with.
    const cal = await readyAgent(t, 'cal');
    assert.equal(
      (await operate(t, sam, chatId, { operationName: 'Transfer', targetUri: uri(cal) })).statusCode,
      0,
    );
    assert.deepEqual([state(bob), state(sam), state(cal)], ['Completed', 'Completed', 'Invited']);
    assert.deepEqual([await load(bob), await load(cal)], [0, 1]);
  });
});
