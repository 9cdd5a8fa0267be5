/**
 * Supervision in process (spec §4): subscriptions, Coach/BargeIn, switching, leaving, revocation.
 * Each test asserts what the customer, the agent and the supervisor receive — and do not.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { failure, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  acceptedChat,
  intrude,
  monitor,
  nicknames,
  customerView,
  operate,
  readyAgent,
  Recorder,
  supervisor,
  waitFor,
} from '../support/chat-helpers.js';

describe('supervision modes', () => {
  let t: TestApp;
  let rec: Recorder;
  let ann: Agent;
  let sam: Agent;
  beforeEach(async () => {
    t = await startTestApp();
    rec = new Recorder(t);
    ann = await readyAgent(t, 'ann');
    sam = await supervisor(t, 'sam');
  });
  afterEach(() => t.close());
  const types = (list: Data[]) => list.map((m) => `${m.type}:${(m.from as Data).nickname}`);

  test('Monitor AllChats: joins every accepted chat silently (only supervisors see it)', async () => {
    assert.equal((await monitor(t, sam, ann, { operationName: 'Monitor' })).statusCode, 0);
    const { token } = await acceptedChat(t, rec, ann);
    const samNotes = rec.of(sam.id);
    assert.deepEqual(
      samNotes.map((d) => d.notificationType),
      ['StatusChange', 'ParticipantsUpdated', 'NewMessages'],
    );
    assert.equal(samNotes[0]?.chat?.state, 'Chatting');
    assert.deepEqual(samNotes[0]?.chat?.capabilities, [
      'Leave',
      'SetInFocus',
      'SetDisposition',
      'AttachUserData',
      'DeleteUserData',
      'UpdateUserData',
      'SwitchToCoach',
      'SwitchBargeIn',
    ]);
    assert.deepEqual(nicknames(samNotes[1]), ['Chris:All', 'ann:All', 'sam:Supervisors']);
    assert.deepEqual(types(samNotes[2]?.messages ?? []), [
      'ParticipantJoined:Chris',
      'ParticipantJoined:ann',
      'ParticipantJoined:sam',
    ]);
    const annNotes = rec.of(ann.id);
    assert.ok(
      annNotes.every((d) => !JSON.stringify(d).includes('"sam"')),
      'the agent is not told about a Monitor supervisor',
    );
    const customer = await customerView(t, token);
    assert.deepEqual(customer.chat.participants, [
      {
        nickname: 'Chris',
        participantId: (customer.chat.participants as Data[])[0]?.participantId,
        type: 'Customer',
      },
      {
        nickname: 'ann',
        participantId: (customer.chat.participants as Data[])[1]?.participantId,
        type: 'Agent',
      },
    ]);
    assert.ok(!JSON.stringify(customer).includes('sam'));
    await acceptedChat(t, rec, ann, 'Second');
    assert.equal(
      rec.of(sam.id).filter((d) => d.notificationType === 'StatusChange').length,
      2,
      'AllChats joins the next one too',
    );
  });

  test('NextChat is consumed by one chat; a subscription made mid-chat applies from the next chat', async () => {
    const first = await acceptedChat(t, rec, ann);
    assert.equal(
      (
        await monitor(t, sam, ann, {
          operationName: 'Coach',
          supervisorMonitoringMode: 'NextChat',
          nickname: 'Coach Sam',
        })
      ).statusCode,
      0,
    );
    assert.deepEqual(rec.of(sam.id), [], 'not added to the chat in progress');
    await acceptedChat(t, rec, ann, 'Second');
    const joined = rec.of(sam.id).find((d) => d.notificationType === 'ParticipantsUpdated');
    assert.ok(nicknames(joined).includes('Coach Sam:Agents'));
    assert.ok(
      nicknames(
        rec
          .of(ann.id)
          .filter((d) => d.notificationType === 'ParticipantsUpdated')
          .at(-1),
      ).includes('Coach Sam:Agents'),
      'the agent sees a coach',
    );
    await acceptedChat(t, rec, ann, 'Third');
    assert.equal(rec.of(sam.id).filter((d) => d.notificationType === 'StatusChange').length, 1);
    assert.equal(
      failure(
        await t.app.server.inject({
          method: 'POST',
          url: `/api/v2/users/${ann.id}/channels/chat`,
          headers: sam.headers,
          payload: { operationName: 'CancelSupervisorMonitoring' },
        }),
      ).statusCode,
      2,
    );
    void first;
  });

  test('Coach whispers to the agent only; BargeIn talks to the customer', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Coach' });
    await operate(t, sam, chatId, { operationName: 'Accept' });
    assert.equal(
      (await operate(t, sam, chatId, { operationName: 'SendMessage', text: 'to customer?' })).statusCode,
      2,
    );
    assert.equal(
      (await operate(t, sam, chatId, { operationName: 'SendToAgents', text: 'offer the discount' }))
        .statusCode,
      0,
    );
    await operate(t, sam, chatId, { operationName: 'SendStartTypingToAgentsNotification' });
    const whisper = rec
      .of(ann.id)
      .flatMap((d) => d.messages ?? [])
      .find((m) => m.text === 'offer the discount');
    assert.equal(whisper?.visibility, 'Agents');
    assert.ok(
      (rec.of(ann.id).at(-1)?.messages ?? []).some(
        (m) => m.type === 'TypingStarted' && m.visibility === 'Agents',
      ),
    );
    let customer = await customerView(t, token);
    assert.ok(!JSON.stringify(customer).includes('discount') && !JSON.stringify(customer).includes('sam'));
    assert.ok(!customer.messages.some((m) => m.type === 'TypingStarted'));
    assert.equal((await operate(t, sam, chatId, { operationName: 'SwitchToBargeIn' })).statusCode, 0);
    assert.equal(
      (await operate(t, sam, chatId, { operationName: 'SendMessage', text: 'Hello, I am the supervisor' }))
        .statusCode,
      0,
    );
    customer = await customerView(t, token);
    assert.deepEqual(types(customer.messages).slice(-2), ['ParticipantJoined:sam', 'Text:sam']);
    assert.ok((customer.chat.participants as Data[]).some((p) => p.nickname === 'sam'));
    assert.ok(!JSON.stringify(customer).includes('discount'), 'earlier whispers keep their visibility');
  });

  test('every switch in every direction: left with the old visibility, joined with the new', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
    await operate(t, sam, chatId, { operationName: 'Accept' });
    const path = ['Coach', 'BargeIn', 'Monitor', 'BargeIn', 'Coach', 'Monitor'] as const;
    const op = { Monitor: 'SwitchToMonitor', Coach: 'SwitchToCoach', BargeIn: 'SwitchBargeIn' } as const;
    const vis = { Monitor: 'Supervisors', Coach: 'Agents', BargeIn: 'All' } as const;
    let from: keyof typeof vis = 'Monitor';
    for (const to of path) {
      rec.clear();
      assert.equal(
        (await operate(t, sam, chatId, { operationName: op[to] })).statusCode,
        0,
        `${from} → ${to}`,
      );
      const mine = rec.of(sam.id);
      const log = mine.find((d) => d.notificationType === 'NewMessages')?.messages ?? [];
      assert.deepEqual(
        log.map((m) => `${m.type}:${m.visibility}`),
        [`ParticipantLeft:${vis[from]}`, `ParticipantJoined:${vis[to]}`],
      );
      const update = mine.find((d) => d.notificationType === 'ParticipantsUpdated');
      assert.ok(nicknames(update).includes(`sam:${vis[to]}`));
      assert.ok(!(update?.chat?.capabilities as string[]).includes(op[to]), 'no switch to the current mode');
      const annSees = rec
        .of(ann.id)
        .flatMap((d) => d.messages ?? [])
        .map((m) => `${m.type}:${m.visibility}`);
      assert.deepEqual(
        annSees,
        [`ParticipantLeft:${vis[from]}`, `ParticipantJoined:${vis[to]}`].filter(
          (s) => !s.endsWith('Supervisors'),
        ),
      );
      assert.ok(
        !JSON.stringify(rec.of(ann.id)).includes('Supervisors'),
        'the agent never learns of monitoring',
      );
      assert.equal(
        (await operate(t, sam, chatId, { operationName: op[to] })).statusCode,
        2,
        'switching to the current mode is 2',
      );
      from = to;
    }
  });

  test('Leave: the supervisor is Completed and the chat goes on; completion revokes the others', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    const bob = await supervisor(t, 'bob');
    for (const s of [sam, bob]) {
      await intrude(t, s, ann, chatId, { supervisorVisibilityMode: s === sam ? 'BargeIn' : 'Monitor' });
      await operate(t, s, chatId, { operationName: 'Accept' });
    }
    assert.ok(
      nicknames(
        rec
          .of(bob.id)
          .filter((d) => d.notificationType === 'ParticipantsUpdated')
          .at(-1),
      ).includes('sam:All'),
      'two supervisors see each other',
    );
    assert.equal((await operate(t, sam, chatId, { operationName: 'Leave' })).statusCode, 0);
    assert.equal(
      rec
        .of(sam.id)
        .filter((d) => d.notificationType === 'StatusChange')
        .at(-1)?.chat?.state,
      'Completed',
    );
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'go on' })).statusCode,
      0,
    );
    assert.equal((await operate(t, ann, chatId, { operationName: 'Complete' })).statusCode, 0);
    await waitFor(() => rec.of(bob.id).some((d) => d.chat?.state === 'Revoked'), 2000, 'bob revoked');
    assert.deepEqual(Object.keys(rec.of(bob.id).at(-1)?.chat ?? {}).sort(), ['id', 'path', 'state', 'uri']);
  });

  test('a re-queued chat revokes its supervisors', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Coach' });
    await operate(t, sam, chatId, { operationName: 'Accept' });
    await operate(t, ann, chatId, { operationName: 'Complete', queueName: 'billing' });
    assert.equal(
      rec
        .of(sam.id)
        .filter((d) => d.notificationType === 'StatusChange')
        .at(-1)?.chat?.state,
      'Revoked',
    );
  });
});
