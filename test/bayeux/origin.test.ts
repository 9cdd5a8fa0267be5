/**
 * Cross-site WebSocket hijacking and cross-origin handshakes (spec §1.4, §5.1; origin.ts): a page
 * on another origin makes the browser send the agent's cookie (or cached Basic credentials) on a
 * WebSocket upgrade and on a text/plain POST; neither may open a session. Real sockets and real
 * HTTP against the Bayeux server on port 0.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import {
  basic,
  disconnect,
  exchange,
  handshake,
  newClient,
  startServer,
  waitFor,
  type RawReply,
  type TestServer,
} from './support.js';

const cookie = 'JSESSIONID=sid-alice';
const desk = 'https://desk.example.com';
const handshakeFrame =
  '[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["websocket"]}]';

/** A WebSocket upgrade as a browser page at `origin` makes it; the HTTP status when refused. */
function upgrade(
  server: TestServer,
  headers: Record<string, string>,
): Promise<{ socket: WebSocket; frames: RawReply[][] } | { refused: number }> {
  const socket = new WebSocket(server.url.replace('http://', 'ws://'), { headers });
  const frames: RawReply[][] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, frames }));
    socket.once('unexpected-response', (_request, response) =>
      resolve({ refused: response.statusCode ?? 0 }),
    );
    socket.once('error', reject);
  });
}

/** A long-poll handshake as a cross-origin form or fetch sends it: text/plain, no preflight. */
async function postHandshake(server: TestServer, headers: Record<string, string>): Promise<RawReply> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: '[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]',
  });
  assert.equal(response.status, 200);
  const [reply] = (await response.json()) as RawReply[];
  assert.ok(reply);
  return reply;
}

async function withServer(
  options: { trustedOrigins?: string[]; publicUrl?: string },
  run: (server: TestServer) => Promise<void>,
): Promise<void> {
  const server = await startServer(options);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

const refusedHandshake = (reply: RawReply) => {
  assert.equal(reply.successful, false);
  assert.equal(reply.error, '403::Origin not allowed');
  assert.deepEqual(reply.advice, { reconnect: 'none' });
  assert.equal(reply.clientId, undefined);
};

describe('WebSocket upgrade and Origin', () => {
  test('a cross-origin upgrade with a valid session cookie is refused with 403, no session made', () =>
    withServer({ trustedOrigins: [desk, '*'] }, async (server) => {
      for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${server.port + 1}`]) {
        assert.deepEqual(await upgrade(server, { cookie, origin }), { refused: 403 }, origin);
      }
      assert.equal(server.bayeux.hub.sessionCount, 0);
    }));

  test('cached Basic credentials from a foreign page are refused as the cookie is', () =>
    withServer({}, async (server) => {
      const authorization = basic('alice', 'alice-pw');
      assert.deepEqual(await upgrade(server, { authorization, origin: 'https://evil.example' }), {
        refused: 403,
      });
    }));

  test('an upgrade from a trusted origin and from the server’s own origin handshakes', () =>
    withServer({ trustedOrigins: [desk] }, async (server) => {
      for (const origin of [desk, `http://127.0.0.1:${server.port}`]) {
        const opened = await upgrade(server, { cookie, origin });
        assert.ok('socket' in opened, origin);
        const [reply] = await exchange({ ...opened, closed: Promise.resolve(0) }, handshakeFrame);
        assert.equal(reply?.successful, true, origin);
        assert.equal(server.bayeux.hub.get(String(reply?.clientId))?.userId, 'u-alice');
        opened.socket.close();
      }
    }));

  test('with PUBLIC_URL its origin is the own one, the Host-derived one no longer', () =>
    withServer({ publicUrl: 'https://chat.example.com' }, async (server) => {
      assert.deepEqual(await upgrade(server, { cookie, origin: `http://127.0.0.1:${server.port}` }), {
        refused: 403,
      });
      const opened = await upgrade(server, { cookie, origin: 'https://chat.example.com' });
      assert.ok('socket' in opened);
      opened.socket.close();
    }));
});

describe('long-polling handshake and Origin', () => {
  test('a text/plain cross-origin handshake with the cookie gets a handshake failure, no session', () =>
    withServer({ trustedOrigins: [desk, '*'] }, async (server) => {
      refusedHandshake(await postHandshake(server, { cookie, origin: 'https://evil.example' }));
      const authorization = basic('alice', 'alice-pw');
      refusedHandshake(await postHandshake(server, { authorization, origin: 'https://evil.example' }));
      refusedHandshake(await postHandshake(server, { cookie, origin: 'null' }));
      assert.equal(server.bayeux.hub.sessionCount, 0);
    }));

  test('the same handshake from a trusted origin, the own origin or without Origin is served', () =>
    withServer({ trustedOrigins: [desk] }, async (server) => {
      for (const origin of [desk, `http://127.0.0.1:${server.port}`, undefined]) {
        const reply = await postHandshake(server, { cookie, ...(origin ? { origin } : {}) });
        assert.equal(reply.successful, true, origin);
        assert.equal(server.bayeux.hub.get(String(reply.clientId))?.userId, 'u-alice');
      }
    }));

  test('the official CometD client on a foreign page is told why and stops', () =>
    withServer({}, async (server) => {
      const client = newClient(server, { transport: 'long-polling', credentials: { cookie } });
      client.configure({
        url: server.url,
        requestHeaders: { Cookie: cookie, Origin: 'https://evil.example' },
      });
      try {
        const reply = await handshake(client);
        assert.equal(reply.successful, false);
        assert.equal(reply.error, '403::Origin not allowed');
        await waitFor(() => client.isDisconnected(), 5000, 'the client to stop');
        assert.equal(server.bayeux.hub.sessionCount, 0);
      } finally {
        await disconnect(client);
      }
    }));
});
