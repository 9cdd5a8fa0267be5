/**
 * The contact-center setting showMonitoringToAgents (records.ts): agents are told when a supervisor
 * monitors their chat — its participant entry and join/leave notices carry `Agents` instead of
 * spec §4.3's `Supervisors` — and the customer still learns nothing. A supervisor keeps what the
 * setting said when it entered Monitor; turned off, the next switch into Monitor is silent again.
 * Off by default (test/http/supervision-modes.test.ts asserts the silence). Both stores: the mark
 * is a column of chat_parties (migration 11).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, json, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import {
  acceptedChat,
  customerView,
  intrude,
  monitor,
  nicknames,
  operate,
  readyAgent,
  Recorder,
  supervisor,
} from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('monitoring shown to agents', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let rec: Recorder;
  let ann: Agent;
  let sam: Agent;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    rec = new Recorder(t);
    ann = await readyAgent(t, 'ann');
    sam = await supervisor(t, 'sam');
  });
  after(() => t?.close());

  const setting = async (showMonitoringToAgents: boolean) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { showMonitoringToAgents } },
    });
    assert.equal(json(response).statusCode, 0, response.body);
  };
  const agentChat = async (chatId: string) =>
    json(
      await t.app.server.inject({ method: 'GET', url: `/api/v2/me/chats/${chatId}`, headers: ann.headers }),
    ).chat as Data;
  const samEntry = (chat: Data) => (chat.participants as Data[]).find((p) => p.nickname === 'sam');
  const notices = (list: Data[]) =>
    list.flatMap((d) =>
      (d.messages ?? [])
        .filter((m) => (m.from as Data).nickname === 'sam')
        .map((m) => `${String(m.type)}:${String((m.from as Data).visibility)}`),
    );
  const customerKnowsNothing = async (token: string) => {
    const view = await customerView(t, token);
    assert.ok(!JSON.stringify(view).includes('sam'), JSON.stringify(view));
  };

  test('a Monitor subscription: the agent sees who monitors, the customer does not', skip, async () => {
    await setting(true);
    assert.equal((await monitor(t, sam, ann, { operationName: 'Monitor' })).statusCode, 0);
    rec.clear();
    const { chatId, token } = await acceptedChat(t, rec, ann);
    const entry = samEntry(await agentChat(chatId));
    assert.deepEqual(entry, {
      nickname: 'sam',
      type: 'Agent',
      participantId: entry?.participantId,
      id: entry?.participantId,
      visibility: 'Agents',
      supervisorMode: 'Monitor',
      uri: `http://localhost:80/api/v2/users/${sam.id}`,
      path: `/users/${sam.id}`,
    });
    assert.deepEqual(notices(rec.of(ann.id)), ['ParticipantJoined:Agents']);
    // The agent may now write to its supervisor unseen by the customer.
    assert.ok(((await agentChat(chatId)).capabilities as string[]).includes('SendToAgents'));
    await customerKnowsNothing(token);

    // Switching keeps what the setting said on entering Monitor …
    await setting(false);
    assert.equal((await operate(t, sam, chatId, { operationName: 'SwitchToCoach' })).statusCode, 0);
    assert.equal((await operate(t, sam, chatId, { operationName: 'SwitchToMonitor' })).statusCode, 0);
    // … which is now off: sam leaves the agent's view.
    assert.equal(samEntry(await agentChat(chatId)), undefined);
    assert.deepEqual(notices(rec.of(ann.id)), [
      'ParticipantJoined:Agents',
      'ParticipantLeft:Agents', // into Coach: shown at Agents either way
      'ParticipantJoined:Agents',
      'ParticipantLeft:Agents', // into a silent Monitor
    ]);
    const last = rec
      .of(ann.id)
      .filter((d) => d.notificationType === 'ParticipantsUpdated')
      .at(-1);
    assert.deepEqual(nicknames(last), ['Chris:All', 'ann:All']);
    await customerKnowsNothing(token);
    assert.equal((await monitor(t, sam, ann, { operationName: 'CancelSupervisorMonitoring' })).statusCode, 0);
  });

  test(
    'Intrude in Monitor, the setting on: shown from its Accept; a silent one stays silent',
    skip,
    async () => {
      const { chatId, token } = await acceptedChat(t, rec, ann, 'Dana');
      await setting(true);
      rec.clear();
      assert.equal(
        (await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' })).statusCode,
        0,
      );
      assert.equal((await operate(t, sam, chatId, { operationName: 'Accept' })).statusCode, 0);
      assert.equal(samEntry(await agentChat(chatId))?.visibility, 'Agents');
      assert.deepEqual(notices(rec.of(ann.id)), ['ParticipantJoined:Agents']);
      // Turning the setting off does not hide a supervisor the agent was already told about.
      await setting(false);
      assert.equal(samEntry(await agentChat(chatId))?.supervisorMode, 'Monitor');
      await customerKnowsNothing(token);
      assert.equal((await operate(t, sam, chatId, { operationName: 'Leave' })).statusCode, 0);
      assert.deepEqual(notices(rec.of(ann.id)), ['ParticipantJoined:Agents', 'ParticipantLeft:Agents']);
      // The setting off: the next Intrude in Monitor is silent to the agent.
      rec.clear();
      const other = await supervisor(t, 'sue');
      assert.equal(
        (await intrude(t, other, ann, chatId, { supervisorVisibilityMode: 'Monitor' })).statusCode,
        0,
      );
      assert.equal((await operate(t, other, chatId, { operationName: 'Accept' })).statusCode, 0);
      assert.ok(rec.of(ann.id).every((d) => !JSON.stringify(d).includes('"sue"')));
      await customerKnowsNothing(token);
    },
  );
});
