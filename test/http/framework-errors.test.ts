/**
 * Fastify's own failures inside the GWS envelope (spec §1.3): router errors (a path that is not
 * validly percent-encoded, a path parameter over 100 characters), unknown routes and methods,
 * body and content-type errors, malformed query strings, and requests Node cannot parse at all.
 * Each body is exactly `{statusCode, statusMessage}` with a fixed message: nothing of the request
 * (path, method, header, body) is repeated back, and no stack or fastify error shape escapes.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import type { TestApp } from '../support/app.js';
import { adminAuth, startTestApp } from '../support/app.js';

/** What a failure must look like: this HTTP status, exactly this body, JSON. */
interface Expected {
  readonly http: number;
  readonly statusCode: number;
  readonly statusMessage: string;
}

const LONG = 'a'.repeat(101);
const TOKEN = '00000000-0000-4000-8000-000000000000';

describe('framework errors in the GWS envelope', () => {
  let t: TestApp;
  let customer: Record<string, string>;
  before(async () => {
    t = await startTestApp();
    customer = { contactcenterid: t.contactCenterId };
  });
  after(() => t.close());

  const expectFailure = async (
    request: InjectOptions,
    expected: Expected,
    reflected: readonly string[] = [],
  ) => {
    const response = await t.app.server.inject(request);
    const what = `${String(request.method)} ${String(request.url).slice(0, 60)}`;
    assert.match(String(response.headers['content-type']), /^application\/json/, what);
    assert.deepEqual(
      [response.statusCode, response.json()],
      [expected.http, { statusCode: expected.statusCode, statusMessage: expected.statusMessage }],
      what,
    );
    for (const part of reflected)
      assert.ok(!response.body.includes(part), `${what}: "${part}" repeated back`);
  };

  test('a path parameter over 100 characters: statusCode 10, HTTP 400, the path not repeated', async () => {
    const tooLong = {
      http: 400,
      statusCode: 10,
      statusMessage: 'A path parameter is longer than 100 characters',
    };
    for (const url of [
      `/api/v2/chats/${LONG}`,
      `/api/v2/chats/${LONG}/messages`,
      `/api/v2/chats/${LONG}/messages?index=1`,
    ])
      await expectFailure({ method: 'GET', url, headers: customer }, tooLong, [LONG]);
    await expectFailure(
      {
        method: 'POST',
        url: `/api/v2/chats/${LONG}`,
        headers: customer,
        payload: { operationName: 'Complete' },
      },
      tooLong,
      [LONG],
    );
    for (const url of [
      `/api/v2/users/${LONG}`,
      `/api/v2/me/chats/${LONG}`,
      `/api/v2/me/chats/${LONG}/messages`,
    ])
      await expectFailure({ method: 'GET', url, headers: adminAuth }, tooLong, [LONG]);
    // 100 characters is still a parameter: an unknown chat, as any other.
    await expectFailure(
      { method: 'GET', url: `/api/v2/chats/${'a'.repeat(100)}`, headers: customer },
      { http: 404, statusCode: 6, statusMessage: 'Unknown chat' },
    );
  });

  test('a path that is not validly percent-encoded: statusCode 10, HTTP 400, not repeated', async () => {
    const badUrl = {
      http: 400,
      statusCode: 10,
      statusMessage: 'The request path is not validly percent-encoded',
    };
    for (const url of [
      '/api/v2/chats/%E0%A4%A',
      '/api/v2/chats/%E0%A4%A/messages',
      '/api/v2/chats/%ZZ',
      '/api/v2/me/chats/%C0%AF',
      '/api/v2/users/%E0%A4%A',
    ])
      await expectFailure({ method: 'GET', url, headers: customer }, badUrl, ['%E0', '%ZZ', '%C0']);
  });

  test('an unknown route, a wrong method: statusCode 6 with the catalog message, nothing repeated', async () => {
    const notFound = { http: 404, statusCode: 6, statusMessage: 'Requested resource not found' };
    await expectFailure({ method: 'GET', url: '/api/v2/<script>x</script>', headers: adminAuth }, notFound, [
      'script',
    ]);
    await expectFailure({ method: 'GET', url: '/api/v2/nowhere?q=<b>', headers: adminAuth }, notFound, [
      'nowhere',
      '<b>',
    ]);
    await expectFailure({ method: 'GET', url: '//api/v2/chats', headers: customer }, notFound, ['/api']);
    const notAllowed = { http: 405, statusCode: 6, statusMessage: 'Method not allowed on this resource' };
    await expectFailure({ method: 'DELETE', url: '/api/v2/chats/<i>', headers: customer }, notAllowed, [
      '<i>',
      'DELETE',
      '%3C',
    ]);
    await expectFailure({ method: 'PROPFIND', url: '/api/v2/chats', headers: customer }, notAllowed, [
      'PROPFIND',
    ]);
  });

  test('body errors: bad JSON, poisoned JSON, empty, too large, not JSON', async () => {
    const json = { ...customer, 'content-type': 'application/json' };
    const malformed = { http: 400, statusCode: 10, statusMessage: 'Malformed JSON in request body' };
    for (const payload of [
      '{"operationName": "<x>',
      '{"__proto__": {"x": 1}}',
      '{"constructor": {"prototype": {}}}',
    ])
      await expectFailure({ method: 'POST', url: '/api/v2/chats', headers: json, payload }, malformed, [
        '<x>',
        'proto',
      ]);
    await expectFailure(
      { method: 'POST', url: '/api/v2/chats', headers: json, payload: '' },
      { http: 400, statusCode: 1, statusMessage: 'Request body is empty; expected a JSON object' },
    );
    await expectFailure(
      { method: 'POST', url: '/api/v2/chats', headers: json, payload: `"${'x'.repeat(200 * 1024)}"` },
      { http: 413, statusCode: 10, statusMessage: 'Request body too large' },
      ['xxxx'],
    );
    const media = { http: 415, statusCode: 10, statusMessage: 'Content-Type must be application/json' };
    for (const type of ['text/plain', 'text/html; <script>', 'application/x-www-form-urlencoded'])
      await expectFailure(
        {
          method: 'POST',
          url: '/api/v2/chats',
          headers: { ...customer, 'content-type': type },
          payload: 'a=<s>',
        },
        media,
        ['<s', 'script'],
      );
  });

  test('malformed query strings: statusCode 10 naming the parameter, the value not repeated', async () => {
    const index = {
      http: 400,
      statusCode: 10,
      statusMessage: "Parameter 'index' in query string must be integer",
    };
    for (const query of [
      'index=<b>',
      'index=%E0%A4%A',
      'index=1&index=2',
      'index=1.5',
      'index=',
      'index=true',
    ])
      await expectFailure(
        { method: 'GET', url: `/api/v2/chats/${TOKEN}/messages?${query}`, headers: customer },
        index,
        ['<b>', '%E0'],
      );
    await expectFailure(
      { method: 'GET', url: `/api/v2/chats/${TOKEN}/messages?index=-1`, headers: customer },
      { http: 400, statusCode: 10, statusMessage: "Parameter 'index' in query string must be >= 0" },
    );
    // Not-quite query strings are no parameters at all: the request goes on (an unknown chat).
    for (const query of ['%', '%E0%A4%A=1', 'index[a]=1', '&&=&', '=<b>'])
      await expectFailure(
        { method: 'GET', url: `/api/v2/chats/${TOKEN}/messages?${query}`, headers: customer },
        { http: 404, statusCode: 6, statusMessage: 'Unknown chat' },
      );
  });

  describe('requests Node cannot parse', () => {
    let port: number;
    before(async () => {
      await t.app.server.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.server.address();
      assert.ok(address && typeof address === 'object');
      port = address.port;
    });

    /** Sends raw bytes; resolves with everything the server wrote before it closed the socket. */
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.setEncoding('utf8');
        socket.on('data', (chunk: string) => (answer += chunk));
        socket.on('error', reject);
        socket.on('close', () => resolve(answer));
      });
    const envelope = (answer: string) => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      return {
        status: head.split('\r\n')[0],
        type: /content-type: ([^\r]*)/i.exec(head)?.[1],
        body: JSON.parse(body),
      };
    };

    test('a malformed request line or header: statusCode 10, HTTP 400', async () => {
      for (const request of [
        'GET /api/v2/<script> HTTP/1.1\r\nHost: x\r\nBroken header <script>\r\n\r\n',
        'G<ET> /api/v2/chats HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /api/v2/chats HTTP/9.<9>\r\n\r\n',
        'POST /api/v2/chats HTTP/1.1\r\nHost: x\r\nContent-Length: <1>\r\n\r\n{}',
      ]) {
        const answer = await raw(request);
        assert.deepEqual(
          envelope(answer),
          {
            status: 'HTTP/1.1 400 Bad Request',
            type: 'application/json; charset=utf-8',
            body: { statusCode: 10, statusMessage: 'Malformed HTTP request' },
          },
          request,
        );
        assert.ok(!answer.includes('<'), 'nothing of the request repeated back');
      }
    });

    test('headers too large: statusCode 10, HTTP 431', async () => {
      const answer = await raw(
        `GET /api/v2/chats HTTP/1.1\r\nHost: x\r\nX-Big: ${'<b>'.repeat(10_000)}\r\n\r\n`,
      );
      assert.deepEqual(envelope(answer), {
        status: 'HTTP/1.1 431 Request Header Fields Too Large',
        type: 'application/json; charset=utf-8',
        body: { statusCode: 10, statusMessage: 'Request headers too large' },
      });
      assert.ok(!answer.includes('<b>'));
    });
  });
});
