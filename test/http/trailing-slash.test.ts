/**
 * Paths as GWS clients write them (spec §1.1): one trailing slash names the same resource; an
 * empty id segment is a missing parameter (statusCode 1), never a lookup of '' nor a 500; the
 * Bayeux endpoint keeps its message-type suffixes and its own error replies (spec §5.1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, createUser, failure, json, startTestApp } from '../support/app.js';

describe('trailing slashes and empty path segments', () => {
  let t: TestApp;
  let customer: Record<string, string>;
  const agent = { authorization: basic('slash.agent', 'agent-password') };
  before(async () => {
    t = await startTestApp();
    customer = { contactcenterid: t.contactCenterId };
    await createUser(t, 'slash.agent', ['ROLE_AGENT'], 'agent-password');
  });
  after(() => t.close());
  const inject = (method: 'GET' | 'POST' | 'PATCH', url: string, headers: object, payload?: object) =>
    t.app.server.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });

  test('POST /api/v2/chats/ is RequestChat, and the chat answers with slashes too', async () => {
    const body = json(
      await inject('POST', '/api/v2/chats/', customer, { operationName: 'RequestChat', nickname: 'Chris' }),
    );
    assert.equal(body.statusCode, 0, JSON.stringify(body));
    const token = body.id as string;
    assert.equal(body.path, `/api/v2/chats/${token}`);
    const chat = json(await inject('GET', `/api/v2/chats/${token}/`, customer));
    assert.equal((chat.chat as Record<string, unknown>).state, 'WaitingForAgent');
    const messages = json(await inject('GET', `/api/v2/chats/${token}/messages/?index=0`, customer));
    assert.deepEqual(
      (messages.messages as Record<string, unknown>[]).map((m) => m.type),
      ['ParticipantJoined'],
    );
    const sent = json(
      await inject('POST', `/api/v2/chats/${token}/`, customer, { operationName: 'SendMessage', text: 'hi' }),
    );
    assert.deepEqual(sent, { statusCode: 0 });
  });

  test('/api/v2/me/, /api/v2/me/chats/ and /api/v2/users/ are the resources without the slash', async () => {
    const me = json(await inject('GET', '/api/v2/me/', agent));
    assert.equal((me.user as Record<string, unknown>).userName, 'slash.agent');
    assert.deepEqual(json(await inject('GET', '/api/v2/me/chats/', agent)), { statusCode: 0, uris: [] });
    const login = json(
      await inject('POST', '/api/v2/me/', agent, {
        operationName: 'StartContactCenterSession',
        channels: ['chat'],
      }),
    );
    assert.equal(login.statusCode, 0, JSON.stringify(login));
    const users = json(await inject('GET', '/api/v2/users/', adminAuth));
    assert.equal((users.uris as string[]).length, 2);
  });

  test('a wrong method with a trailing slash is 405 with Allow; an unknown path is still 404', async () => {
    const wrong = await inject('PATCH', '/api/v2/users/', adminAuth);
    assert.deepEqual([failure(wrong).http, failure(wrong).statusCode], [405, 6]);
    assert.equal(wrong.headers.allow, 'POST, GET');
    const unknown = failure(await inject('GET', '/api/v2/nowhere/', adminAuth));
    assert.deepEqual([unknown.http, unknown.statusCode], [404, 6]);
  });

  test('an empty id segment is statusCode 1 naming the parameter, on every kind of route', async () => {
    const cases: [method: 'GET' | 'POST', url: string, headers: object, parameter: string][] = [
      ['GET', '/api/v2/chats//messages', customer, 'id'],
      ['GET', '/api/v2/chats//messages/', customer, 'id'],
      ['POST', '/api/v2/chats//', customer, 'id'],
      ['GET', '/api/v2/me/chats//messages', agent, 'chatId'],
      ['POST', '/api/v2/me/chats//', agent, 'chatId'],
      ['GET', '/api/v2/users//', adminAuth, 'userId'],
    ];
    for (const [method, url, headers, parameter] of cases) {
      const payload = method === 'POST' ? { operationName: 'Complete' } : undefined;
      const f = failure(await inject(method, url, headers, payload));
      assert.deepEqual(
        [f.http, f.statusCode, f.statusMessage],
        [400, 1, `Missing required parameter '${parameter}' in path`],
        `${method} ${url}`,
      );
    }
  });

  test('Bayeux keeps its bare path, its message-type suffixes and its own error replies', async () => {
    for (const url of [
      '/api/v2/notifications',
      '/api/v2/notifications/',
      '/api/v2/notifications/handshake',
      '/api/v2/notifications/handshake/',
    ]) {
      const response = await t.app.server.inject({
        method: 'POST',
        url,
        headers: { ...agent, 'content-type': 'application/json' },
        payload:
          '[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]',
      });
      const [reply] = response.json<Record<string, unknown>[]>();
      assert.equal(reply?.successful, true, `${url}: ${response.body}`);
      assert.equal(typeof reply?.clientId, 'string');
    }
    const garbage = await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/notifications/connect/',
      payload: '{not json',
    });
    assert.equal(garbage.statusCode, 400);
    assert.deepEqual(garbage.json(), [
      { channel: '/meta/unsuccessful', successful: false, error: '400::invalid JSON' },
    ]);
  });
});
