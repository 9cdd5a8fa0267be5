/**
 * Supervision in process (spec §2.1): Intrude in every mode and every error, and the audit trail.
 * Each test asserts what the customer, the agent and the supervisor receive — and do not.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, failure, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  acceptedChat,
  intrude,
  monitor,
  nicknames,
  operate,
  readyAgent,
  Recorder,
  supervisor,
} from '../support/chat-helpers.js';

describe('supervision: Intrude and audit', () => {
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

  test('Intrude with an explicit mode: Invited (Accept/Reject, mode, userData), Accept joins, Reject leaves it untouched', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    assert.deepEqual(await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'BargeIn' }), {
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
    await intrude(t, bob, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
    assert.equal((await operate(t, bob, chatId, { operationName: 'Reject' })).statusCode, 0);
    assert.equal(rec.of(bob.id).at(-1)?.chat?.state, 'Completed');
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'still fine' })).statusCode,
      0,
    );
  });

  test('an unanswered Intrude invitation is withdrawn (Revoked) after the invite timeout; the chat goes on', async () => {
    const { chatId } = await acceptedChat(t, rec, ann);
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
    await t.app.router.sweep(Date.now() + 29_000);
    assert.equal(rec.of(sam.id).at(-1)?.chat?.state, 'Invited', 'not before the timeout');
    await t.app.router.sweep(Date.now() + 31_000);
    assert.equal(rec.of(sam.id).at(-1)?.chat?.state, 'Revoked');
    assert.equal((await operate(t, sam, chatId, { operationName: 'Accept' })).statusCode, 2);
    assert.equal(
      (await operate(t, ann, chatId, { operationName: 'SendMessage', text: 'unaffected' })).statusCode,
      0,
    );
    assert.equal(
      (await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Coach' })).statusCode,
      0,
      'may intrude again',
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
    await monitor(t, sam, ann, { operationName: 'Coach' });
    assert.equal((await intrude(t, sam, ann, chatId)).statusCode, 0);
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
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
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
    await monitor(t, strict, ann, { operationName: 'Monitor' });
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

  test('the audit API lists the supervision actions in order, to supervisors and admins only', async () => {
    await monitor(t, sam, ann, { operationName: 'Monitor', supervisorMonitoringMode: 'NextChat' });
    const { chatId } = await acceptedChat(t, rec, ann);
    await operate(t, sam, chatId, { operationName: 'SwitchToCoach' });
    await operate(t, sam, chatId, { operationName: 'Leave' });
    await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'BargeIn' });
    await operate(t, sam, chatId, { operationName: 'Reject' });
    await monitor(t, sam, ann, { operationName: 'BargeIn' });
    await monitor(t, sam, ann, { operationName: 'CancelSupervisorMonitoring' });
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
