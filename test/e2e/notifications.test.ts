/**
 * The notification hub through the real server (issue: notifications), with the official CometD
 * client over long-polling and WebSocket: handshake with Basic and with the REST session cookie,
 * a refused handshake, per-user delivery of presence changes to every session of the agent and
 * never to another user, `/**` and `/v2/me/channels` subscriptions, and disconnect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Message } from 'cometd';
import { disconnect, handshake, newClient, subscribe, waitFor } from '../support/cometd.js';
import type { TransportType } from '../support/cometd.js';
import type { Stack } from '../support/e2e-stack.js';
import { describeEachStack, startStack } from '../support/e2e-stack.js';
import { basicHeader } from '../support/server-process.js';

const NOT_READY = {
  channel: 'chat',
  userState: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
};
const READY = {
  channel: 'chat',
  userState: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
};

describeEachStack('notifications through the real server', (name) => {
  let server: Stack;
  let notifications: { url: string };
  const post = async (path: string, body: object, headers: Record<string, string>) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown>;
  };

  before(async () => {
    server = await startStack(name);
    notifications = { url: `${server.url}/api/v2/notifications` };
    const admin = { authorization: basicHeader('admin', 'admin-password') };
    for (const [userName, password] of [
      ['ann', 'ann-password'],
      ['bob', 'bob-password'],
    ]) {
      assert.equal(
        (await post('/api/v2/users', { userName, password, roles: ['ROLE_AGENT'] }, admin)).statusCode,
        0,
      );
    }
  });
  after(async () => {
    await server.stop();
  });

  for (const transport of ['long-polling', 'websocket'] as TransportType[]) {
    describe(transport, () => {
      test('a wrong password is refused with advice reconnect none', async () => {
        const client = newClient(notifications, {
          transport,
          credentials: { basic: ['ann', 'wrong-password'] },
        });
        const reply = await handshake(client);
        assert.equal(reply.successful, false);
        assert.equal((reply.advice as { reconnect?: string } | undefined)?.reconnect, 'none');
        await disconnect(client);
      });

      test('presence changes reach every session of the agent (Basic and cookie), never another user', async () => {
        const login = await fetch(`${server.url}/api/v2/me`, {
          headers: { authorization: basicHeader('ann', 'ann-password') },
        });
        const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
        assert.match(cookie, /^JSESSIONID=/);
        const got: Record<string, Message[]> = { basic: [], cookie: [], other: [] };
        // Each client is created right before its handshake: the WebSocket cookie is read then.
        const clients = {
          basic: () =>
            newClient(notifications, { transport, credentials: { basic: ['ann', 'ann-password'] } }),
          cookie: () => newClient(notifications, { transport, credentials: { cookie } }),
          other: () =>
            newClient(notifications, { transport, credentials: { basic: ['bob', 'bob-password'] } }),
        };
        const open: ReturnType<typeof newClient>[] = [];
        try {
          for (const name of ['basic', 'cookie', 'other'] as const) {
            const client = clients[name]();
            open.push(client);
            const reply = await handshake(client);
            assert.equal(reply.successful, true, `${name} handshake`);
            const channel = name === 'cookie' ? '/v2/me/channels' : '/**';
            assert.equal((await subscribe(client, channel, got[name] ?? [])).successful, true);
          }
          const refused = await subscribe(
            open[2] as ReturnType<typeof newClient>,
            '/v2/users/anyone/chats',
            [],
          );
          assert.equal(refused.successful, false, 'no subscription outside /v2/me');

          const ann = { authorization: basicHeader('ann', 'ann-password') };
          assert.equal(
            (
              await post(
                '/api/v2/me',
                { operationName: 'StartContactCenterSession', channels: ['chat'] },
                ann,
              )
            ).statusCode,
            0,
          );
          assert.equal(
            (await post('/api/v2/me/channels/chat', { operationName: 'Ready' }, ann)).statusCode,
            0,
          );
          await waitFor(
            () => (got.basic?.length ?? 0) >= 2 && (got.cookie?.length ?? 0) >= 2,
            5000,
            'both sessions notified',
          );
          for (const name of ['basic', 'cookie']) {
            assert.deepEqual(
              got[name]?.map((m) => [m.channel, m.data]),
              [
                ['/v2/me/channels', { messageType: 'ChannelStateChangeMessageV2', channels: [NOT_READY] }],
                ['/v2/me/channels', { messageType: 'ChannelStateChangeMessageV2', channels: [READY] }],
              ],
              name,
            );
            assert.equal('id' in (got[name]?.[0] ?? {}), false, 'delivered messages carry no id');
          }
          await post('/api/v2/me', { operationName: 'EndContactCenterSession' }, ann);
          await waitFor(() => (got.basic?.length ?? 0) >= 3, 5000, 'logout notified');
          assert.deepEqual(got.other, [], "another user's session receives nothing");
        } finally {
          await Promise.all(open.map((client) => disconnect(client)));
        }
      });
    });
  }
});
