/**
 * Bodies without a Content-Type (spec §1.2 operations are JSON): read as JSON on the GWS paths,
 * under the same limit and with the same errors as `application/json`; every other content type
 * stays 415; Parley's extensions still want the header; Bayeux reads its own bodies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, createUser, failure, json, startTestApp } from '../support/app.js';

describe('request bodies without Content-Type', () => {
  let t: TestApp;
  let customer: Record<string, string>;
  const agent = { authorization: basic('untyped.agent', 'agent-password') };
  before(async () => {
    t = await startTestApp();
    customer = { contactcenterid: t.contactCenterId };
    await createUser(t, 'untyped.agent', ['ROLE_AGENT'], 'agent-password');
  });
  after(() => t.close());
  /** A POST whose body is sent as raw text, with no Content-Type unless one is given. */
  const post = (url: string, headers: Record<string, string>, payload: string) =>
    t.app.server.inject({ method: 'POST', url, headers, payload });

  test('a JSON body without Content-Type is an operation, for customers and agents', async () => {
    const requested = await post(
      '/api/v2/chats',
      customer,
      JSON.stringify({ operationName: 'RequestChat', nickname: 'Chris' }),
    );
    assert.equal(requested.raw.req.headers['content-type'], undefined, 'sent without Content-Type');
    const body = json(requested);
    assert.equal(body.statusCode, 0, requested.body);
    const sent = json(
      await post(`/api/v2/chats/${String(body.id)}`, customer, '{"operationName":"SendMessage","text":"hi"}'),
    );
    assert.deepEqual(sent, { statusCode: 0 });
    const login = json(
      await post('/api/v2/me', agent, '{"operationName":"StartContactCenterSession","channels":["chat"]}'),
    );
    assert.equal(login.statusCode, 0);
  });

  test('it is validated like any JSON body: schema errors name the parameter', async () => {
    const f = failure(await post('/api/v2/chats', customer, '{"operationName":"RequestChat"}'));
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [400, 1, "Missing required parameter 'nickname'"],
    );
  });

  test('no body and no Content-Type is a missing body (statusCode 1), as an empty JSON body', async () => {
    for (const headers of [customer, { ...customer, 'content-type': 'application/json' }]) {
      const f = failure(await t.app.server.inject({ method: 'POST', url: '/api/v2/chats', headers }));
      assert.deepEqual(
        [f.http, f.statusCode, f.statusMessage],
        [400, 1, 'Request body is empty; expected a JSON object'],
      );
    }
  });

  test('a body without Content-Type that is not JSON is statusCode 10, HTTP 400', async () => {
    for (const payload of ['nickname=Chris&operationName=RequestChat', '{"operationName":', '<chat/>']) {
      const f = failure(await post('/api/v2/chats', customer, payload));
      assert.deepEqual([f.http, f.statusCode, f.statusMessage], [400, 10, 'Malformed JSON in request body']);
    }
  });

  test('prototype poisoning in an untyped body is refused as malformed, never a 500', async () => {
    const f = failure(
      await post('/api/v2/chats', customer, '{"operationName":"RequestChat","nickname":"x","__proto__":{}}'),
    );
    assert.deepEqual([f.http, f.statusCode], [400, 10]);
  });

  test('the body limit holds without Content-Type: statusCode 10, HTTP 413', async () => {
    const huge = JSON.stringify({
      operationName: 'RequestChat',
      nickname: 'x',
      subject: 'y'.repeat(200_000),
    });
    const f = failure(await post('/api/v2/chats', customer, huge));
    assert.deepEqual([f.http, f.statusCode], [413, 10]);
  });

  test('any other content type stays 415 in the envelope', async () => {
    const payload = JSON.stringify({ operationName: 'RequestChat', nickname: 'Chris' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const f = failure(await post('/api/v2/chats', { ...customer, 'content-type': type }, payload));
      assert.deepEqual(
        [f.http, f.statusCode, f.statusMessage],
        [415, 10, 'Content-Type must be application/json'],
        type,
      );
    }
  });

  test('Parley extensions (/parley/v1) still need the header: 415 without it', async () => {
    const f = failure(
      await post('/parley/v1/contact-center', adminAuth, '{"operationName":"UpdateSettings","settings":{}}'),
    );
    assert.deepEqual([f.http, f.statusCode], [415, 10]);
  });

  test('Bayeux reads untyped and oddly typed bodies itself, with Bayeux replies', async () => {
    const handshake =
      '[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]';
    for (const headers of [agent, { ...agent, 'content-type': 'text/plain' }]) {
      const response = await post('/api/v2/notifications/handshake', headers, handshake);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json<Record<string, unknown>[]>()[0]?.successful, true);
    }
    const garbage = await post('/api/v2/notifications', {}, 'not json');
    assert.equal(garbage.statusCode, 400);
    assert.deepEqual(garbage.json(), [
      { channel: '/meta/unsuccessful', successful: false, error: '400::invalid JSON' },
    ]);
  });
});
