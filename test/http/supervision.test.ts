/**
 * Supervision in process (spec §2.1, §4): subscriptions, Intrude, modes, switching, leaving,
 * revocation and the audit trail, asserting what the customer, the agent and the supervisor each
 * receive — and do not receive.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, failure, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  acceptedChat,
  customerView,
  operate,
  post,
  readyAgent,
  Recorder,
  supervisor,
  waitFor,
} from '../support/chat-helpers.js';

describe('supervision', () => {
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
  const monitor = (who: Agent, agent: Agent, body: object) =>
    post(t, who, `/api/v2/users/${agent.id}/channels/chat`, body);
  const intrude = (who: Agent, agent: Agent, chatId: string, body: object = {}) =>
    post(t, who, `/api/v2/users/${agent.id}/chats/${chatId}`, { operationName: 'Intrude', ...body });
  const nicknames = (d: Data | undefined) =>
    ((d?.chat?.participants as Data[]) ?? []).map((p) => `${p.nickname}:${p.visibility}`);
  const types = (list: Data[]) => list.map((m) => `${m.type}:${(m.from as Data).nickname}`);

  test('Monitor AllChats: joins every accepted chat silently (only supervisors see it)', async () => {
    assert.equal((await monitor(sam, ann, { operationName: 'Monitor' })).statusCode, 0);
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
        await monitor(sam, ann, {
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

  test('Intrude with an explicit mode: Invited (Accept/Reject, mode, userData), Accept joins, Reject leaves it untouched', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    assert.deepEqual(await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'BargeIn' }), {
      statusCode: 0,
    });
    const invited = rec.of(sam.id)[0]?.chat ?? {};
    assert.equal(invited.state, 'Invited');
    assert.deepEqual(invited.capabilities, ['Accept', 'Reject']);
    assert.equal(invited.supervisorMode, 'BargeIn');
    assert.equal(invited.chatType, 'Inbound');
    assert.match(String(invited.receivedDate), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000$/);
    assert.deepEqual(invited.participants, []);
    assert.ok(
      rec.of(ann.id).every((d) => !JSON.stringify(d).includes('"sam"')),
      'an invitation is invisible',
    );
    assert.equal((await operate(t, sam, chatId, { operationName: 'Accept' })).statusCode, 0);
    assert.ok(
      nicknames(rec.of(ann.id).at(-2)).includes('sam:All') ||
        nicknames(
          rec
            .of(ann.id)
            .find((d) => d.notificationType === 'ParticipantsUpdated' && JSON.stringify(d).includes('sam')),
        ).includes('sam:All'),
    );
    const bob = await supervisor(t, 'bob');
    await intrude(bob, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
    assert.equal((await operate(t, bob, chatId, { operationName: 'Reject' })).statusCode, 0);
    assert.equal(rec.of(bob.id).at(-1)?.chat?.state, 'Completed');
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'still fine' })).statusCode,
      0,
    );
  });

  test('Intrude without a mode: the subscription mode, or statusCode 1 when not monitoring', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    const missing = failure(
      await t.app.server.inject({
        method: 'POST',
        url: `/api/v2/users/${ann.id}/chats/${chatId}`,
        headers: sam.headers,
        payload: { operationName: 'Intrude' },
      }),
    );
    assert.deepEqual(
      [missing.http, missing.statusCode, missing.statusMessage],
      [400, 1, 'supervisorVisibilityMode is required when the agent is not monitored'],
    );
    await monitor(sam, ann, { operationName: 'Coach' });
    assert.equal((await intrude(sam, ann, chatId)).statusCode, 0);
    assert.equal(rec.of(sam.id).at(-1)?.chat?.supervisorMode, 'Coach');
  });

  test('Intrude errors: 5, 6, 6, 2, 2, 10, 3 and feature off 5', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const code = async (
      who: Agent,
      agentId: string,
      chat: string,
      body: object = { supervisorVisibilityMode: 'Monitor' },
    ) =>
      failure(
        await t.app.server.inject({
          method: 'POST',
          url: `/api/v2/users/${agentId}/chats/${chat}`,
          headers: who.headers,
          payload: { operationName: 'Intrude', ...body },
        }),
      );
    assert.deepEqual(
      [(await code(ann, ann.id, chatId)).http, (await code(ann, ann.id, chatId)).statusCode],
      [403, 5],
      'not a supervisor',
    );
    assert.equal((await code(sam, 'f'.repeat(32), chatId)).statusCode, 6, 'unknown agent');
    const other = await readyAgent(t, 'other');
    assert.equal((await code(sam, other.id, chatId)).statusCode, 6, 'chat not handled by that agent');
    assert.equal((await code(sam, ann.id, '0000nonexistent0')).statusCode, 6, 'unknown chat');
    assert.equal(
      (await code(sam, ann.id, chatId, { supervisorVisibilityMode: 'Spy' })).statusCode,
      10,
      'bad mode',
    );
    await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
    assert.equal((await code(sam, ann.id, chatId)).statusCode, 2, 'already in the chat');
    const strict = await supervisor(t, 'strict');
    await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { intrudeRequiresMonitoring: true } },
    });
    assert.deepEqual(
      [(await code(strict, ann.id, chatId)).statusCode],
      [3],
      'strict mode without a subscription',
    );
    await t.app.server.inject({
      method: 'POST',
      url: `/api/v2/chats/${token}`,
      headers: { contactcenterid: t.contactCenterId },
      payload: { operationName: 'Complete' },
    });
    await monitor(strict, ann, { operationName: 'Monitor' });
    assert.equal((await code(strict, ann.id, chatId)).statusCode, 2, 'chat no longer Chatting');
    await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'DisableFeatures', features: ['api-multimedia'] },
    });
    assert.deepEqual(
      [(await code(sam, ann.id, chatId)).http, (await code(sam, ann.id, chatId)).statusCode],
      [403, 5],
      'feature off',
    );
  });

  test('Coach whispers to the agent only; BargeIn talks to the customer', async () => {
    const { chatId, token } = await acceptedChat(t, rec, ann);
    await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'Coach' });
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
    await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
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
      await intrude(s, ann, chatId, { supervisorVisibilityMode: s === sam ? 'BargeIn' : 'Monitor' });
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
    await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'Coach' });
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

  test('the audit API lists the supervision actions in order, to supervisors and admins only', async () => {
    await monitor(sam, ann, { operationName: 'Monitor', supervisorMonitoringMode: 'NextChat' });
    const { chatId } = await acceptedChat(t, rec, ann);
    await operate(t, sam, chatId, { operationName: 'SwitchToCoach' });
    await operate(t, sam, chatId, { operationName: 'Leave' });
    await intrude(sam, ann, chatId, { supervisorVisibilityMode: 'BargeIn' });
    await operate(t, sam, chatId, { operationName: 'Reject' });
    await monitor(sam, ann, { operationName: 'BargeIn' });
    await monitor(sam, ann, { operationName: 'CancelSupervisorMonitoring' });
    const response = await t.app.server.inject({
      method: 'GET',
      url: `/parley/v1/supervision/audit?agentId=${ann.id}`,
      headers: adminAuth,
    });
    const entries = (response.json() as { entries: Data[] }).entries;
    assert.deepEqual(
      entries.map((e) => [e.action, e.fromMode, e.toMode, e.chatId === chatId]),
      [
        ['Subscribe', null, 'Monitor', false],
        ['Join', null, 'Monitor', true],
        ['Switch', 'Monitor', 'Coach', true],
        ['Leave', 'Coach', null, true],
        ['Intrude', null, 'BargeIn', true],
        ['Reject', 'BargeIn', null, true],
        ['Subscribe', null, 'BargeIn', false],
        ['Cancel', 'BargeIn', null, false],
      ],
    );
    assert.ok(entries.every((e) => e.supervisorId === sam.id && typeof e.timestamp === 'string'));
    const denied = failure(
      await t.app.server.inject({ method: 'GET', url: '/parley/v1/supervision/audit', headers: ann.headers }),
    );
    assert.equal(denied.statusCode, 5);
  });
});
