/**
 * The customer's timeouts (customer/timeouts.ts), run by the routing sweep on the app's clock:
 * a chat waiting too long for an agent ends for the customer and its offers are withdrawn; a
 * customer that makes no request for the idle timeout leaves, as if it had sent Complete.
 *
 * The app runs on a fake clock (test/support/fake-clock.ts): `clock.advance` fires the app's own
 * sweep every second of the way, as a running server would; nothing sleeps. Runs on SQLite and
 * PostgreSQL: the waiting and idle chats are the store's queries.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, json, startTestApp } from '../support/app.js';
import { FakeClock } from '../support/fake-clock.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  customerChat,
  invitations,
  operate,
  readyAgent,
  Recorder,
  requestChat,
  waitFor,
} from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

const MINUTE = 60_000;
/** customer/timeouts.ts ACTIVITY_STEP_MS: activity is recorded at most that often. */
const STEP = 10_000;

describeEachStore('customer timeouts', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let rec: Recorder;
  let clock: FakeClock;
  beforeEach(async () => {
    if (skip.skip) return;
    clock = new FakeClock();
    t = await startTestApp({ clock, database: makeDatabase() });
    rec = new Recorder(t);
    // Waiting: 5 minutes; idle: 2 minutes; offers stay open an hour (only the timeouts end them).
    const set = await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: {
        operationName: 'UpdateSettings',
        settings: { waitingTimeoutSeconds: 300, customerIdleTimeoutSeconds: 120, inviteTimeoutSeconds: 3600 },
      },
    });
    assert.equal(json(set).statusCode, 0);
  });
  afterEach(() => t?.close());

  /** The customer's widget polling: GetChat and GetMessages, `times` times, `every` ms apart. */
  const poll = async (token: string, times: number, every: number) => {
    for (let i = 0; i < times; i++) {
      await clock.advance(every);
      await customerChat(t, token);
      await t.app.server.inject({
        method: 'GET',
        url: `/api/v2/chats/${token}/messages`,
        headers: { contactcenterid: t.contactCenterId },
      });
    }
  };
  const offered = (agent: Agent, n = 1) =>
    waitFor(() => invitations(rec, agent.id).length >= n, 5000, `${n} offer(s) to ${agent.userName}`);
  const lastStatus = (agent: Agent) =>
    rec
      .of(agent.id)
      .filter((d) => d.notificationType === 'StatusChange')
      .at(-1)?.chat?.state;
  const messagesTo = (agent: Agent) =>
    rec
      .of(agent.id)
      .flatMap((d) => (d.messages ?? []).map((m: Data) => `${m.type}:${(m.from as Data).type}`));

  test(
    'a chat waiting past the waiting timeout ends: the customer sees Idle, the offer is withdrawn',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      const token = await requestChat(t);
      await offered(ann);
      const chatId = invitations(rec, ann.id)[0] ?? '';
      await poll(token, 14, 20_000); // 4 min 40 s, polling all along: not idle
      assert.equal((await customerChat(t, token)).state, 'WaitingForAgent', 'not before the timeout');
      assert.equal(lastStatus(ann), 'Invited');
      await clock.advance(20_000); // 5 min
      const chat = await customerChat(t, token);
      assert.deepEqual([chat.state, chat.capabilities], ['Idle', []]);
      assert.equal(lastStatus(ann), 'Revoked', 'the offer is withdrawn');
      const late = await operate(t, ann, chatId, { operationName: 'Accept' });
      assert.equal(late.statusCode, 2);
      assert.equal((await t.store.agentLoad.get(ann.id))?.active, 0, "the agent's slot is free again");
    },
  );

  test('the waiting time starts again when an agent hands the chat back to a queue', skip, async () => {
    const ann = await readyAgent(t, 'ann');
    const token = await requestChat(t);
    await offered(ann);
    const chatId = invitations(rec, ann.id)[0] ?? '';
    assert.equal((await operate(t, ann, chatId, { operationName: 'Accept' })).statusCode, 0);
    await poll(token, 30, 20_000); // 10 minutes of conversation
    assert.equal((await customerChat(t, token)).state, 'Chatting');
    await operate(t, ann, chatId, { operationName: 'Complete', queueName: 'billing' });
    await poll(token, 14, 20_000); // waiting again for 4 min 40 s, 14 min after the request
    assert.equal((await customerChat(t, token)).state, 'WaitingForAgent');
    await clock.advance(20_000);
    assert.equal((await customerChat(t, token)).state, 'Idle', '5 minutes after it was handed back');
  });

  test(
    'a chatting customer that stops polling leaves: the agent sees ParticipantLeft, as on Complete',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      const token = await requestChat(t);
      await offered(ann);
      const chatId = invitations(rec, ann.id)[0] ?? '';
      assert.equal((await operate(t, ann, chatId, { operationName: 'Accept' })).statusCode, 0);
      await poll(token, 3, 20_000); // the customer's last request: one minute in
      rec.clear();
      await clock.advance(2 * MINUTE);
      assert.deepEqual(messagesTo(ann), [], 'not at its timeout: activity may be recorded a step late');
      await clock.advance(STEP);
      assert.deepEqual(messagesTo(ann), ['ParticipantLeft:Customer']);
      const ended = json(
        await t.app.server.inject({
          method: 'GET',
          url: `/api/v2/chats/${token}`,
          headers: { contactcenterid: t.contactCenterId },
        }),
      ).chat as Data;
      assert.equal(ended.state, 'Idle');
      // The agent's copy stays until the agent completes it, as after the customer's own Complete.
      const own = json(
        await t.app.server.inject({ method: 'GET', url: `/api/v2/me/chats/${chatId}`, headers: ann.headers }),
      ).chat as Data;
      assert.equal(own.state, 'Chatting');
      assert.ok(!(own.participants as Data[]).some((p) => p.type === 'Customer'), 'the customer is gone');
      assert.equal((await operate(t, ann, chatId, { operationName: 'Complete' })).statusCode, 0);
    },
  );

  test(
    'any request is activity: a polling customer, or one that only sends, is never idle',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      const polling = await requestChat(t, 'polling');
      const sending = await requestChat(t, 'sending');
      await offered(ann, 2);
      for (const chatId of invitations(rec, ann.id))
        await operate(t, ann, chatId, { operationName: 'Accept' });
      for (let i = 0; i < 10; i++) {
        await clock.advance(100_000); // under the 2 minutes each time
        await customerChat(t, polling);
        const sent = await t.app.server.inject({
          method: 'POST',
          url: `/api/v2/chats/${sending}`,
          headers: { contactcenterid: t.contactCenterId },
          payload: { operationName: 'SendMessage', text: `still here ${i}` },
        });
        assert.equal(json(sent).statusCode, 0);
      }
      await clock.advance(100_000);
      assert.equal((await customerChat(t, polling)).state, 'Chatting');
      assert.equal((await customerChat(t, sending)).state, 'Chatting');
    },
  );

  test('a flood that never polls leaves the queue after the idle timeout', skip, async () => {
    for (let i = 0; i < 20; i++) await requestChat(t, `bot${i}`);
    const waiting = () => t.store.chats.countWaiting(t.contactCenterId, 1000);
    assert.equal(await waiting(), 20);
    await clock.advance(2 * MINUTE + STEP - 1000);
    assert.equal(await waiting(), 20, 'not before the idle timeout and its step');
    await clock.advance(1000);
    assert.equal(await waiting(), 0);
  });
});
