/**
 * The failed-login throttle counts a Bayeux handshake's guesses by the client's address, as on
 * REST (auth/source.ts): long-poll handshakes pass fastify's `request.ip`, WebSocket upgrades the
 * same address computed from the raw request — `X-Forwarded-For` only from a trusted proxy.
 * Before, both passed none, so every Bayeux guess counted as one source ("unattributed"): five
 * wrong passwords from anyone locked the user out of the notifications everywhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import type { TestApp } from '../support/app.js';
import { basic, createUser, startTestApp } from '../support/app.js';

type Reply = { successful?: boolean; error?: string };
const HANDSHAKE = '[{"channel":"/meta/handshake","version":"1.0"}]';

describe('Bayeux handshakes and the failed-login throttle', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    // The test's requests come from 127.0.0.1, a trusted proxy: X-Forwarded-For names the client.
    t = await startTestApp({ env: { PARLEY_TRUSTED_PROXIES: 'loopback' } });
    base = await t.app.server.listen({ host: '127.0.0.1', port: 0 });
    await createUser(t, 'poll.user', ['ROLE_AGENT'], 'poll-password');
    await createUser(t, 'socket.user', ['ROLE_AGENT'], 'socket-password');
  });
  after(() => t.close());

  const poll = async (authorization: string, client: string): Promise<Reply> => {
    const response = await fetch(`${base}/api/v2/notifications/handshake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-forwarded-for': client },
      body: HANDSHAKE,
    });
    return ((await response.json()) as Reply[])[0] ?? {};
  };

  const socket = (authorization: string, client: string): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(`${base.replace('http://', 'ws://')}/api/v2/notifications`, {
        headers: { authorization, 'x-forwarded-for': client },
      });
      ws.once('error', reject);
      ws.once('open', () => ws.send(HANDSHAKE));
      ws.once('message', (data) => {
        resolve((JSON.parse(String(data)) as Reply[])[0] ?? {});
        ws.close();
      });
    });

  for (const [transport, handshake, user] of [
    ['long-polling', poll, 'poll.user'],
    ['WebSocket', socket, 'socket.user'],
  ] as const) {
    test(`${transport}: a guesser locks the name from its own address only`, async () => {
      const password = user.replace('.user', '-password');
      for (let i = 0; i < 6; i++) {
        const reply = await handshake(basic(user, 'wrong-guess'), '203.0.113.9');
        assert.equal(reply.successful, false);
      }
      const guesser = await handshake(basic(user, password), '203.0.113.9');
      assert.equal(guesser.successful, false, 'locked from the guessing address');
      const owner = await handshake(basic(user, password), '198.51.100.20');
      assert.equal(owner.successful, true, `the owner elsewhere handshakes: ${JSON.stringify(owner)}`);
    });
  }
});
