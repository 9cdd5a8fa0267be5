/**
 * Bad input never breaks the wire contract (spec §1.3): random JSON bodies and random
 * operations with random parameters, sent to every POST route as an agent, a supervisor, an
 * admin and a customer, always get a JSON body with an integer statusCode and never HTTP 500;
 * the server keeps serving and the chat it already holds is intact.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { TestApp } from '../support/app.js';
import { adminAuth, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { acceptedChat, customerView, readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';

const OPERATIONS = [
  'Accept',
  'Reject',
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
  'SendUrl',
  'SendToAgents',
  'SendCustomNoticeToAgents',
  'Leave',
  'Complete',
  'LeaveAndComplete',
  'SetInFocus',
  'AttachUserData',
  'UpdateUserData',
  'DeleteUserData',
  'SetDisposition',
  'SwitchToMonitor',
  'SwitchToCoach',
  'SwitchToBargeIn',
  'Intrude',
  'Monitor',
  'Coach',
  'BargeIn',
  'CancelSupervisorMonitoring',
  'RequestChat',
  'StartContactCenterSession',
  'EndContactCenterSession',
  'Ready',
  'NotReady',
  'EnableFeatures',
  'UpdateSettings',
];

let t: TestApp;
let ann: Agent;
let sam: Agent;
let chatId: string;
let token: string;

before(async () => {
  t = await startTestApp();
  const rec = new Recorder(t);
  ann = await readyAgent(t, 'fuzz.agent');
  sam = await supervisor(t, 'fuzz.sup');
  ({ chatId, token } = await acceptedChat(t, rec, ann));
});
after(() => t.close());

test('random bodies and operations get GWS envelopes, never a 500', { timeout: 120_000 }, async () => {
  const value = fc.oneof(
    fc.jsonValue(),
    fc.string(),
    fc.constantFrom('', 'Monitor', 'All', chatId, '__proto__'),
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc
      .record({ operationName: fc.constantFrom(...OPERATIONS) }, { requiredKeys: [] })
      .chain((base) =>
        fc
          .dictionary(
            fc.constantFrom(
              'text',
              'userData',
              'keys',
              'nickname',
              'queueName',
              'url',
              'noticeText',
              'supervisorVisibilityMode',
              'supervisorMonitoringMode',
              'channels',
              'features',
              'settings',
              'disposition',
              'dispositionKey',
              'treatAs',
              'index',
            ),
            value,
          )
          .map((params) => ({ ...params, ...base })),
      ),
  );
  const targets = [
    { url: `/api/v2/me/chats/${chatId}`, headers: ann.headers },
    { url: `/api/v2/me/chats/${chatId}`, headers: sam.headers },
    { url: '/api/v2/me', headers: ann.headers },
    { url: '/api/v2/me/channels/chat', headers: ann.headers },
    { url: `/api/v2/users/${ann.id}/channels/chat`, headers: sam.headers },
    { url: `/api/v2/users/${ann.id}/chats/${chatId}`, headers: sam.headers },
    { url: '/api/v2/chats', headers: { contactcenterid: t.contactCenterId } },
    { url: `/api/v2/chats/${token}`, headers: { contactcenterid: t.contactCenterId } },
    { url: '/parley/v1/contact-center', headers: adminAuth },
    { url: '/api/v2/users', headers: adminAuth },
  ];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...targets), body, fc.boolean(), async (target, payload, raw) => {
      const response = await t.app.server.inject({
        method: 'POST',
        url: target.url,
        headers: { ...target.headers, 'content-type': 'application/json' },
        payload: raw ? JSON.stringify(payload).slice(0, -1) : JSON.stringify(payload),
      });
      assert.ok(
        response.statusCode < 500,
        `${target.url} ${JSON.stringify(payload)} → ${response.statusCode} ${response.body}`,
      );
      const parsed = response.json<{ statusCode: unknown; statusMessage?: unknown }>();
      assert.equal(typeof parsed.statusCode, 'number');
      if (parsed.statusCode !== 0) assert.equal(typeof parsed.statusMessage, 'string');
    }),
    { numRuns: 1500 },
  );
  // Still serving, and what was stored is intact: the chat's first messages are unchanged.
  const view = await customerView(t, token);
  assert.deepEqual(
    view.messages.slice(0, 2).map((m) => m.type),
    ['ParticipantJoined', 'ParticipantJoined'],
  );
  const health = await t.app.server.inject({ method: 'GET', url: '/health/ready' });
  assert.equal(health.statusCode, 200);
});
