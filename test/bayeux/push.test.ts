/**
 * Server push on WebSocket: messages leave on the socket as soon as they are published, without
 * waiting for a held /meta/connect (as CometD 3 servers do); ack sessions keep connect-batched
 * delivery (src/bayeux/push.ts).
 */
import { publishNotification } from '../../src/notifications/announcement.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'cometd';
import {
  disconnect,
  exchange,
  handshake,
  newClient,
  openSocket,
  startServer,
  subscribe,
  users,
  waitFor,
  type RawSocket,
} from './support.js';

const alice = users.alice!.principal.userId;

/** Handshakes on a raw socket (with `ext` when given), subscribes to /v2/me/chats; the clientId. */
async function rawSession(connection: RawSocket, ext?: object): Promise<string> {
  const [reply] = await exchange(connection, JSON.stringify([{ channel: '/meta/handshake', ext }]));
  const clientId = String(reply?.clientId);
  const [subscribed] = await exchange(
    connection,
    JSON.stringify([{ channel: '/meta/subscribe', clientId, subscription: '/v2/me/chats' }]),
  );
  assert.equal(subscribed?.successful, true);
  return clientId;
}

describe('push over WebSocket', () => {
  test('a message reaches a raw client that holds no connect at the moment', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    try {
      const connection = await openSocket(server);
      const clientId = await rawSession(connection);
      // One connect, answered at once (advice.timeout 0); the client then sends no other.
      const [connected] = await exchange(
        connection,
        JSON.stringify([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }]),
      );
      assert.equal(connected?.successful, true);
      assert.equal(server.bayeux.hub.get(clientId)?.held, null);

      const before = connection.frames.length;
      void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: { n: 1 } });
      void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: { n: 2 } });
      await waitFor(() => connection.frames.length > before, 5000, 'the pushed frame');
      assert.deepEqual(connection.frames.slice(before), [
        [
          { channel: '/v2/me/chats', data: { n: 1 } },
          { channel: '/v2/me/chats', data: { n: 2 } },
        ],
      ]);
      connection.socket.close();
      await connection.closed;
    } finally {
      await server.close();
    }
  });

  test('a held connect stays held while messages are pushed, and is answered empty at its timeout', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    try {
      const connection = await openSocket(server);
      const clientId = await rawSession(connection);
      const before = connection.frames.length;
      connection.socket.send(
        JSON.stringify([{ channel: '/meta/connect', id: 'c', clientId, advice: { timeout: 500 } }]),
      );
      await waitFor(() => server.bayeux.hub.get(clientId)?.held != null, 5000, 'connect held');
      void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 'pushed' });
      await waitFor(() => connection.frames.length === before + 2, 5000, 'the push and the connect reply');
      assert.deepEqual(connection.frames[before], [{ channel: '/v2/me/chats', data: 'pushed' }]);
      assert.deepEqual(
        connection.frames[before + 1]?.map((reply) => [reply.id, reply.channel, reply.successful]),
        [['c', '/meta/connect', true]],
      );
      connection.socket.close();
      await connection.closed;
    } finally {
      await server.close();
    }
  });

  test('an ack session gets nothing pushed: its messages come numbered in the next connect reply', async () => {
    const server = await startServer({ timeoutMs: 60_000 });
    try {
      const connection = await openSocket(server);
      const clientId = await rawSession(connection, { ack: true });
      const connect = (ack: number) =>
        JSON.stringify([{ channel: '/meta/connect', clientId, advice: { timeout: 0 }, ext: { ack } }]);
      await exchange(connection, connect(0));
      const before = connection.frames.length;
      void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 'guaranteed' });
      await waitFor(() => server.bayeux.hub.get(clientId)?.hasQueued === true, 5000, 'the queued message');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(connection.frames.length, before, 'nothing pushed');
      const replies = await exchange(connection, connect(0));
      assert.deepEqual(replies[0], { channel: '/v2/me/chats', data: 'guaranteed' });
      assert.deepEqual(replies[1]?.ext, { ack: 1 });
      connection.socket.terminate();

      // The acknowledgement never came: a new socket's connect acknowledging 0 gets it again.
      const again = await openSocket(server);
      const redelivered = await exchange(again, connect(0));
      assert.deepEqual(redelivered[0], { channel: '/v2/me/chats', data: 'guaranteed' });
      assert.deepEqual(redelivered[1]?.ext, { ack: 2 });
      again.socket.close();
      await again.closed;
    } finally {
      await server.close();
    }
  });

  test('the official client receives pushed messages in order, without a connect round trip each', async () => {
    const server = await startServer();
    const client = newClient(server, {
      transport: 'websocket',
      credentials: { basic: ['alice', 'alice-pw'] },
    });
    const received: Message[] = [];
    let connectReplies = 0;
    client.addListener('/meta/connect', () => (connectReplies += 1));
    try {
      assert.equal((await handshake(client)).successful, true);
      assert.equal((await subscribe(client, '/v2/me/chats', received)).successful, true);
      await waitFor(() => client.getStatus() === 'connected');
      const repliesBefore = connectReplies;
      const count = 60;
      for (let n = 0; n < count; n += 1) {
        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: n });
        // Three messages per turn of the event loop: each three leave in one frame.
        if (n % 3 === 2) await new Promise((resolve) => setImmediate(resolve));
      }
      await waitFor(() => received.length === count, 5000, 'every message');
      assert.deepEqual(
        received.map((message) => message.data),
        Array.from({ length: count }, (_, n) => n),
      );
      assert.equal(connectReplies, repliesBefore, 'no /meta/connect was answered to deliver them');
    } finally {
      await disconnect(client);
      await server.close();
    }
  });
});
