/**
 * The official CometD client (cometd 9 + cometd-nodejs-client) against a real server on port 0,
 * over long-polling and over WebSocket.
 */
import { publishNotification } from '../../src/notifications/announcement.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CometD, Message, SubscriptionHandle } from 'cometd';
import { DomainError } from '../../src/errors.js';
import {
  disconnect,
  handshake,
  newClient,
  remoteCall,
  startServer,
  subscribe,
  users,
  waitFor,
  type TestServer,
  type TransportType,
} from './support.js';

const alice = users.alice!.principal.userId;
const bob = users.bob!.principal.userId;

async function withServer(run: (server: TestServer, clients: CometD[]) => Promise<void>): Promise<void> {
  const server = await startServer({
    services: {
      '/service/whoami': async (data, principal) => ({ data, userId: principal.userId }),
      '/service/missing': async () => {
        throw new DomainError('NotFound');
      },
    },
  });
  const clients: CometD[] = [];
  try {
    await run(server, clients);
  } finally {
    await Promise.all(clients.map(disconnect));
    await server.close();
  }
}

for (const transport of ['long-polling', 'websocket'] as const satisfies readonly TransportType[]) {
  describe(`official CometD client over ${transport}`, () => {
    test('handshakes with Basic credentials and with the session cookie', () =>
      withServer(async (server, clients) => {
        const byBasic = newClient(server, { transport, credentials: { basic: ['alice', 'alice-pw'] } });
        clients.push(byBasic);
        const basicReply = await handshake(byBasic);
        assert.equal(basicReply.successful, true);
        assert.equal(byBasic.getTransport()?.type, transport);
        const byCookie = newClient(server, { transport, credentials: { cookie: 'JSESSIONID=sid-bob' } });
        clients.push(byCookie);
        const cookieReply = await handshake(byCookie);
        assert.equal(cookieReply.successful, true);
        assert.equal(server.bayeux.hub.get(String(basicReply.clientId))?.userId, alice);
        assert.equal(server.bayeux.hub.get(String(cookieReply.clientId))?.userId, bob);
        await waitFor(() => byBasic.getStatus() === 'connected' && byCookie.getStatus() === 'connected');
      }));

    test('a refused handshake reports 403 and the client stops', () =>
      withServer(async (server, clients) => {
        for (const credentials of [
          { basic: ['alice', 'wrong'] as [string, string] },
          { cookie: 'JSESSIONID=nope' },
        ]) {
          const client = newClient(server, { transport, credentials });
          clients.push(client);
          const reply = await handshake(client);
          assert.equal(reply.successful, false);
          assert.equal(reply.error, '403::Authentication failed');
          await waitFor(() => client.isDisconnected(), 5000, 'client stops');
        }
        assert.equal(server.bayeux.hub.sessionCount, 0);
      }));

    test("deliveries reach every session of the user that subscribed, never another user's", () =>
      withServer(async (server, clients) => {
        const connect = async (name: 'alice' | 'bob', channel: string) => {
          const user = users[name]!;
          const client = newClient(server, { transport, credentials: { basic: [name, user.password] } });
          clients.push(client);
          assert.equal((await handshake(client)).successful, true);
          const received: Message[] = [];
          const reply = await subscribe(client, channel, received);
          assert.equal(reply.successful, true, `${name} subscribes to ${channel}`);
          return received;
        };
        const aliceChats = await connect('alice', '/v2/me/chats');
        const aliceAll = await connect('alice', '/**');
        const bobAll = await connect('bob', '/**');

        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: { n: 1 } });
        void publishNotification(server.bus, {
          userIds: [alice],
          channel: '/v2/me/channels',
          data: { n: 2 },
        });
        await waitFor(() => aliceChats.length === 1 && aliceAll.length === 2, 5000, 'alice deliveries');
        void publishNotification(server.bus, {
          userIds: [bob],
          channel: '/v2/me/chats',
          data: { marker: true },
        });
        await waitFor(() => bobAll.length === 1, 5000, 'bob marker');

        assert.deepEqual(
          aliceChats.map((message) => [message.channel, message.data]),
          [['/v2/me/chats', { n: 1 }]],
        );
        assert.deepEqual(
          aliceAll.map((message) => message.data),
          [{ n: 1 }, { n: 2 }],
        );
        assert.deepEqual(
          bobAll.map((message) => message.data),
          [{ marker: true }],
          "alice's notifications never reached bob",
        );
        assert.equal(server.bayeux.hub.userCount, 2);
        assert.equal(server.bayeux.hub.sessionCount, 3);
      }));

    test('forbidden subscriptions are refused; unsubscribe stops deliveries', () =>
      withServer(async (server, clients) => {
        const client = newClient(server, { transport, credentials: { basic: ['alice', 'alice-pw'] } });
        clients.push(client);
        await handshake(client);
        const refused = await subscribe(client, '/v2/users/u-bob/chats', []);
        assert.equal(refused.successful, false);
        assert.equal(refused.error, '403::Forbidden channel');

        const received: Message[] = [];
        const handle = await new Promise<SubscriptionHandle>((resolve) => {
          const subscription = client.subscribe(
            '/v2/me/chats',
            (message) => received.push(message),
            () => resolve(subscription),
          );
        });
        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 1 });
        await waitFor(() => received.length === 1);
        await new Promise<void>((resolve) => client.unsubscribe(handle, () => resolve()));
        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 2 });
        const clientId = String(client.getClientId());
        assert.equal(server.bayeux.hub.get(clientId)?.pending, 0, 'not queued after unsubscribe');
      }));

    test('remote calls to /service channels return the handler result or its error', () =>
      withServer(async (server, clients) => {
        const client = newClient(server, {
          transport,
          credentials: { basic: ['bob', 'bob-pw'] },
          maxNetworkDelay: 300,
        });
        clients.push(client);
        const failures: Message[] = [];
        client.addListener('/meta/unsuccessful', (message) => failures.push(message));
        await handshake(client);
        const result = await remoteCall(client, '/whoami', { q: 1 });
        assert.equal(result.successful, true);
        assert.deepEqual(result.data, { data: { q: 1 }, userId: bob });
        const failed = await remoteCall(client, '/missing', {});
        assert.equal(failed.successful, false);
        assert.equal(failed.error, '404::Requested resource not found');
        const unknown = await remoteCall(client, '/nope', {});
        assert.equal(unknown.error, '404::unknown service');
        // A second call on the same connection still works (the transport did not time out the first).
        const again = await remoteCall(client, '/whoami', 2);
        assert.deepEqual(again.data, { data: 2, userId: bob });
        // Outlive the client's reply timeout: a call whose publish was never answered would now
        // fail and (over WebSocket) close the connection.
        await new Promise((resolve) => setTimeout(resolve, 600));
        assert.deepEqual(failures, []);
        assert.equal(server.bayeux.hub.sessionCount, 1);
      }));

    test('disconnect ends the session on the server', () =>
      withServer(async (server, clients) => {
        const client = newClient(server, { transport, credentials: { basic: ['alice', 'alice-pw'] } });
        clients.push(client);
        await handshake(client);
        await waitFor(() => client.getStatus() === 'connected');
        assert.equal(server.bayeux.hub.sessionCount, 1);
        await disconnect(client);
        await waitFor(() => server.bayeux.hub.sessionCount === 0, 5000, 'session removed');
        assert.equal(server.bayeux.hub.userCount, 0);
      }));
  });
}
