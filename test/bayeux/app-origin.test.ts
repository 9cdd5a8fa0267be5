/**
 * The hardening issue's hole, against the whole app listening on 127.0.0.1:0 (spec §1.4, §5.1):
 * an agent's real session cookie, sent by the browser on a foreign page's WebSocket upgrade or
 * text/plain long-poll handshake, opens no session — with PARLEY_CSRF=on (which never covered the
 * notifications) and with `*` among PARLEY_CORS_ORIGINS (anonymous CORS only). The explicit CORS
 * origin and the server's own origin keep working, and so do clients that send no Origin.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import type { TestApp } from '../support/app.js';
import { adminAuth, cookieFrom, startTestApp } from '../support/app.js';

const desk = 'https://desk.example.com';
type Reply = Record<string, unknown>;

describe('notifications and Origin, whole app', () => {
  let t: TestApp;
  let base: string;
  let cookie: string;
  before(async () => {
    t = await startTestApp({ env: { PARLEY_CSRF: 'on', PARLEY_CORS_ORIGINS: `${desk}, *` } });
    base = await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    cookie = cookieFrom(await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth }));
  });
  after(() => t.close());

  /** Resolves with the handshake reply over a WebSocket, or the HTTP status of a refused upgrade. */
  const wsHandshake = (origin: string | undefined): Promise<Reply | number> =>
    new Promise((resolve, reject) => {
      const url = `${base.replace('http://', 'ws://')}/api/v2/notifications`;
      const socket = new WebSocket(url, { headers: { cookie, ...(origin ? { origin } : {}) } });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('error', reject);
      socket.once('open', () => socket.send('[{"channel":"/meta/handshake","version":"1.0"}]'));
      socket.once('message', (data) => {
        resolve((JSON.parse(String(data)) as Reply[])[0] ?? {});
        socket.close();
      });
    });

  const pollHandshake = async (
    origin: string | undefined,
  ): Promise<{ reply: Reply; cors: string | null }> => {
    const response = await fetch(`${base}/api/v2/notifications/handshake`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', cookie, ...(origin ? { origin } : {}) },
      body: '[{"channel":"/meta/handshake","version":"1.0"}]',
    });
    const [reply = {}] = (await response.json()) as Reply[];
    return { reply, cors: response.headers.get('access-control-allow-origin') };
  };

  test('a cross-origin WebSocket upgrade with the agent’s cookie is refused with 403', async () => {
    assert.equal(await wsHandshake('https://evil.example'), 403);
    assert.equal(t.app.bayeux.hub.sessionCount, 0);
  });

  test('the same upgrade from the CORS origin, the own origin or without Origin handshakes', async () => {
    for (const origin of [desk, base, undefined]) {
      const reply = await wsHandshake(origin);
      assert.equal(typeof reply === 'object' && reply.successful, true, origin);
    }
  });

  test('a text/plain cross-origin long-poll handshake with the cookie gets no session', async () => {
    const before = t.app.bayeux.hub.sessionCount;
    const { reply, cors } = await pollHandshake('https://evil.example');
    assert.deepEqual(reply, {
      channel: '/meta/handshake',
      successful: false,
      error: '403::Origin not allowed',
      advice: { reconnect: 'none' },
    });
    // `*` gives the foreign page anonymous CORS at most, never the credentialed kind.
    assert.equal(cors, '*');
    assert.equal(t.app.bayeux.hub.sessionCount, before);
  });

  test('the CORS origin reads its credentialed handshake; the own origin and no Origin handshake', async () => {
    const fromDesk = await pollHandshake(desk);
    assert.equal(fromDesk.reply.successful, true);
    assert.equal(fromDesk.cors, desk);
    assert.equal((await pollHandshake(base)).reply.successful, true);
    assert.equal((await pollHandshake(undefined)).reply.successful, true);
  });
});
