/**
 * Raw HTTP and raw WebSocket input that no well-behaved client sends: every one gets a Bayeux
 * error reply (never the app's REST envelope, never a crash or a hang).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { basic, exchange, openSocket, startServer, waitFor, type TestServer } from './support.js';

type Reply = Record<string, unknown>;

const aliceAuth = basic('alice', 'alice-pw');

async function post(
  server: TestServer,
  body: string,
  headers: Record<string, string> = {},
  path = '',
): Promise<{ status: number; contentType: string | null; replies: Reply[] }> {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    replies: JSON.parse(text),
  };
}

async function handshakeOverHttp(server: TestServer, authorization = aliceAuth): Promise<string> {
  const { replies } = await post(server, '[{"channel":"/meta/handshake","version":"1.0"}]', {
    authorization,
  });
  const clientId = replies[0]?.clientId;
  assert.equal(typeof clientId, 'string');
  return String(clientId);
}

describe('long-polling with raw HTTP', () => {
  test('undecodable bodies get 400 with a Bayeux error array, not the REST envelope', async () => {
    const server = await startServer();
    try {
      for (const [body, error] of [
        ['{not json', '400::invalid JSON'],
        ['', '400::invalid JSON'],
        ['"a string"', '400::a batch is a message object or an array of them'],
        ['[]', '400::empty batch'],
      ]) {
        const result = await post(server, body ?? '');
        assert.equal(result.status, 400, body);
        assert.equal(result.contentType, 'application/json;charset=UTF-8');
        assert.deepEqual(result.replies, [{ channel: '/meta/unsuccessful', successful: false, error }]);
      }
    } finally {
      await server.close();
    }
  });

  test('any content type is read as the batch, on the base path and on message-type subpaths', async () => {
    const server = await startServer();
    try {
      for (const [path, type] of [
        ['', 'text/plain'],
        ['/handshake', 'application/json;charset=UTF-8'],
        ['/connect', 'application/x-www-form-urlencoded'],
      ] as const) {
        const result = await post(
          server,
          '{"channel":"/meta/handshake","id":"1"}',
          { 'content-type': type, authorization: aliceAuth },
          path,
        );
        assert.equal(result.status, 200, path);
        assert.equal(result.replies[0]?.successful, true, path);
      }
    } finally {
      await server.close();
    }
  });

  test('an invalid Content-Type header gets a Bayeux 415', async () => {
    const server = await startServer();
    try {
      const result = await post(server, '[]', { 'content-type': 'nonsense;;;' });
      assert.equal(result.status, 415);
      assert.equal(result.replies[0]?.successful, false);
      assert.match(String(result.replies[0]?.error), /^415::/);
    } finally {
      await server.close();
    }
  });

  test('a body above maxMessageBytes gets 413 with a Bayeux error', async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    try {
      const big = JSON.stringify([{ channel: '/meta/handshake', ext: { pad: 'x'.repeat(2000) } }]);
      const result = await post(server, big, { authorization: aliceAuth });
      assert.equal(result.status, 413);
      assert.deepEqual(result.replies, [
        { channel: '/meta/unsuccessful', successful: false, error: '413::message larger than 1024 bytes' },
      ]);
      assert.equal(server.bayeux.hub.sessionCount, 0);
    } finally {
      await server.close();
    }
  });

  test('wrong types, missing fields and unknown channels get 200 with per-message errors', async () => {
    const server = await startServer();
    try {
      const clientId = await handshakeOverHttp(server);
      const { status, replies } = await post(
        server,
        JSON.stringify([
          { channel: 5 },
          { channel: '/meta/connect' },
          { channel: '/meta/subscribe', clientId: 7, subscription: '/v2/me/chats' },
          { channel: '/meta/subscribe', clientId, subscription: 5 },
          { channel: '/meta/subscribe', clientId, subscription: '/v2/users/u-bob/chats' },
          { channel: '/meta/nothing', clientId },
          { channel: '/v2/me/chats', clientId, data: 1 },
          { channel: '/meta/connect', clientId: 'forged' },
        ]),
      );
      assert.equal(status, 200);
      assert.deepEqual(
        replies.map((reply) => reply.error),
        [
          '400::invalid channel',
          '400::missing clientId',
          '400::clientId is not a string',
          '400::subscription must be a channel or a non-empty array of channels',
          '403::Forbidden channel',
          '400::unknown meta channel',
          '403::publish denied',
          '402::unknown_session',
        ],
      );
    } finally {
      await server.close();
    }
  });

  test('a handshake without credentials is refused; a session is bound to its user', async () => {
    const server = await startServer();
    try {
      const refused = await post(server, '[{"channel":"/meta/handshake"}]');
      assert.equal(refused.status, 200);
      assert.deepEqual(refused.replies[0], {
        channel: '/meta/handshake',
        successful: false,
        error: '403::Authentication failed',
        advice: { reconnect: 'none' },
      });
      const clientId = await handshakeOverHttp(server);
      const connect = JSON.stringify([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }]);
      const asBob = await post(server, connect, { cookie: 'JSESSIONID=sid-bob' });
      assert.equal(asBob.replies[0]?.error, '403::session_user_mismatch');
      const anonymous = await post(server, connect);
      assert.equal(anonymous.replies[0]?.successful, true, 'the clientId alone is bound to its session');
      const asAlice = await post(server, connect, { cookie: 'JSESSIONID=sid-alice' });
      assert.equal(asAlice.replies[0]?.successful, true);
    } finally {
      await server.close();
    }
  });

  test('an authenticator that fails answers 503, not a refusal', async () => {
    const server = await startServer({
      authenticate: async () => {
        throw new Error('session store down');
      },
    });
    try {
      const result = await post(server, '[{"channel":"/meta/handshake"}]', { authorization: aliceAuth });
      assert.equal(result.status, 503);
      assert.equal(result.replies[0]?.error, '503::Authentication unavailable');
      assert.equal(server.logger.entries.filter((entry) => entry.level === 'error').length, 1);
    } finally {
      await server.close();
    }
  });

  test('closing the server answers a held long-poll at once', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    const clientId = await handshakeOverHttp(server);
    const held = post(server, JSON.stringify([{ channel: '/meta/connect', id: 'c', clientId }]));
    await waitFor(() => server.bayeux.hub.get(clientId)?.held != null, 5000, 'connect held');
    await server.close();
    const { status, replies } = await held;
    assert.equal(status, 200);
    assert.deepEqual(
      replies.map((reply) => [reply.id, reply.successful]),
      [['c', true]],
    );
  });

  test('a client that goes away leaves its session without a held connect', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    try {
      const clientId = await handshakeOverHttp(server);
      // node:http rather than fetch: undici opens a spare connection after an abort, which then
      // delays the server's close by its keep-alive time.
      const held = request(server.url, { method: 'POST', agent: false });
      held.on('error', () => {});
      held.end(JSON.stringify([{ channel: '/meta/connect', clientId }]));
      await waitFor(() => server.bayeux.hub.get(clientId)?.held != null, 5000, 'connect held');
      held.destroy();
      await waitFor(() => server.bayeux.hub.get(clientId)?.held === null, 5000, 'connect released');
    } finally {
      await server.close();
    }
  });
});

describe('WebSocket with raw frames', () => {
  test('garbage, wrong types and oversized frames get Bayeux error frames; the socket stays usable', async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    try {
      const connection = await openSocket(server);
      assert.deepEqual(await exchange(connection, 'garbage'), [
        { channel: '/meta/unsuccessful', successful: false, error: '400::invalid JSON' },
      ]);
      assert.deepEqual(await exchange(connection, 'x'.repeat(2000)), [
        { channel: '/meta/unsuccessful', successful: false, error: '413::message larger than 1024 bytes' },
      ]);
      const [handshakeReply] = await exchange(connection, '{"channel":"/meta/handshake","id":"1"}');
      assert.equal(handshakeReply?.successful, true);
      const clientId = handshakeReply?.clientId;
      const replies = await exchange(
        connection,
        JSON.stringify([
          { channel: '/meta/subscribe', clientId, subscription: 5 },
          { channel: '/meta/subscribe', clientId, subscription: '/meta/**' },
          { channel: '/meta/subscribe', subscription: '/v2/me/chats' },
          { channel: '/v2/me/chats', clientId, data: {} },
          { channel: '/meta/connect', clientId, advice: { timeout: 0 } },
        ]),
      );
      assert.deepEqual(
        replies.map((reply) => reply.error ?? reply.successful),
        [
          '400::subscription must be a channel or a non-empty array of channels',
          '403::Forbidden channel',
          '400::missing clientId',
          '403::publish denied',
          true,
        ],
      );
      connection.socket.close();
      await connection.closed;
    } finally {
      await server.close();
    }
  });

  test('a frame far above the limit closes the socket with 1009 instead of being buffered', async () => {
    const server = await startServer({ maxMessageBytes: 1024 });
    try {
      const connection = await openSocket(server);
      connection.socket.send('x'.repeat(5000));
      assert.equal(await connection.closed, 1009);
    } finally {
      await server.close();
    }
  });

  test('an unauthenticated upgrade is accepted but its handshake is refused with reconnect none', async () => {
    const server = await startServer();
    try {
      const connection = await openSocket(server, {});
      assert.deepEqual(await exchange(connection, '[{"channel":"/meta/handshake","id":"1"}]'), [
        {
          id: '1',
          channel: '/meta/handshake',
          successful: false,
          error: '403::Authentication failed',
          advice: { reconnect: 'none' },
        },
      ]);
      connection.socket.close();
      await connection.closed;
    } finally {
      await server.close();
    }
  });

  test('an upgrade whose authenticator fails gets 503', async () => {
    const server = await startServer({
      authenticate: async () => {
        throw new Error('session store down');
      },
    });
    try {
      const socket = new WebSocket(server.url.replace('http://', 'ws://'), {
        headers: { authorization: aliceAuth },
      });
      const status = await new Promise<number | undefined>((resolve) => {
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.once('error', () => resolve(undefined));
      });
      assert.equal(status, 503);
    } finally {
      await server.close();
    }
  });

  test('upgrades on other paths get 404', async () => {
    const server = await startServer();
    try {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/v2/me`, {
        headers: { authorization: aliceAuth },
      });
      const status = await new Promise<number | undefined>((resolve) => {
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode));
        socket.once('error', () => resolve(undefined));
      });
      assert.equal(status, 404);
    } finally {
      await server.close();
    }
  });

  test('a socket closing releases its held connect; closing the server answers held connects', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    try {
      const first = await openSocket(server);
      const [reply] = await exchange(first, '[{"channel":"/meta/handshake"}]');
      const clientId = String(reply?.clientId);
      first.socket.send(JSON.stringify([{ channel: '/meta/connect', clientId }]));
      await waitFor(() => server.bayeux.hub.get(clientId)?.held != null, 5000, 'connect held');
      first.socket.terminate();
      await waitFor(() => server.bayeux.hub.get(clientId)?.held === null, 5000, 'connect released');

      // The same session continues on a new socket (as the CometD client does after a reconnect).
      const second = await openSocket(server);
      second.socket.send(JSON.stringify([{ channel: '/meta/connect', id: 'c', clientId }]));
      await waitFor(() => server.bayeux.hub.get(clientId)?.held != null, 5000, 'connect held again');
      await server.close();
      assert.equal(await second.closed, 1001);
      assert.deepEqual(
        second.frames.map((frame) => frame.map((message) => [message.id, message.successful])),
        [[['c', true]]],
      );
    } finally {
      await server.close();
    }
  });
});
