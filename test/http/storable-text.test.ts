/**
 * Text PostgreSQL cannot store (U+0000, unpaired surrogates) is refused at validation with
 * statusCode 10 naming the parameter — the same answer on SQLite and PostgreSQL (it used to be an
 * HTTP 500 on PostgreSQL and stored as sent on SQLite) — and nothing already stored changes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, failure, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { acceptedChat, customerView, readyAgent, Recorder } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('unstorable text', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let ann: Agent;
  let chatId: string;
  let token: string;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    ann = await readyAgent(t, 'nul.agent');
    ({ chatId, token } = await acceptedChat(t, new Recorder(t), ann));
  });
  after(() => t?.close());

  const refused = async (
    request: { method: 'POST' | 'PUT'; url: string; headers: Record<string, string>; payload: object },
    parameter: string,
  ) => {
    const f = failure(await t.app.server.inject(request));
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [400, 10, `Parameter '${parameter}' must not contain U+0000 or unpaired surrogates`],
    );
  };
  const customer = { contactcenterid: '' };

  test('customer RequestChat nickname, subject and userData', skip, async () => {
    customer.contactcenterid = t.contactCenterId;
    const url = '/api/v2/chats';
    const ask = (extra: object) => ({
      method: 'POST' as const,
      url,
      headers: customer,
      payload: { operationName: 'RequestChat', nickname: 'Chris', ...extra },
    });
    await refused(ask({ nickname: 'Ch\u0000ris' }), 'nickname');
    await refused(ask({ subject: 'help \uD800' }), 'subject');
    await refused(ask({ userData: { 'ke\u0000y': 'v' } }), 'userData.ke\\u0000y');
  });

  test(
    'SendMessage text from the customer and from the agent; the transcript is unchanged',
    skip,
    async () => {
      const before = (await customerView(t, token)).messages;
      await refused(
        {
          method: 'POST',
          url: `/api/v2/chats/${token}`,
          headers: { contactcenterid: t.contactCenterId },
          payload: { operationName: 'SendMessage', text: 'hello\u0000' },
        },
        'text',
      );
      await refused(
        {
          method: 'POST',
          url: `/api/v2/me/chats/${chatId}`,
          headers: ann.headers,
          payload: { operationName: 'SendMessage', text: '\uDC00 lone low surrogate' },
        },
        'text',
      );
      assert.deepEqual((await customerView(t, token)).messages, before);
    },
  );

  test('user names and passwords through the users API', skip, async () => {
    const create = (payload: object) => ({
      method: 'POST' as const,
      url: '/api/v2/users',
      headers: adminAuth,
      payload: { userName: 'zed', password: 'zed-password', roles: ['ROLE_AGENT'], ...payload },
    });
    await refused(create({ firstName: 'Z\u0000' }), 'firstName');
    await refused(create({ password: 'zed-pass\u0000word' }), 'password');
  });

  test('a Basic user name with U+0000 names no one: statusCode 20, not a 500', skip, async () => {
    const response = await t.app.server.inject({
      method: 'GET',
      url: '/api/v2/me',
      headers: { authorization: basic('ad\u0000min', 'admin-password') },
    });
    assert.deepEqual([response.statusCode, failure(response).statusCode], [401, 20]);
  });
});
