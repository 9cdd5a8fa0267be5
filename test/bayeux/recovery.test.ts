/**
 * Recovery with the official CometD client: re-handshake after the server forgot the session, and
 * the ack extension redelivering a batch whose response was lost with the connection.
 */
import { publishNotification } from '../../src/notifications/announcement.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'cometd';
import { WebSocket } from 'ws';
import {
  disconnect,
  handshake,
  newClient,
  startServer,
  subscribe,
  useWebSocketClass,
  useXMLHttpRequestClass,
  users,
  waitFor,
  type TransportType,
} from './support.js';

const alice = users.alice!.principal.userId;

/**
 * Loses the next server response that contains `marker`, as a dropped connection would: the
 * long-poll fails instead of completing, the WebSocket is cut without delivering the frame.
 */
function loseNextResponseWith(
  transport: TransportType,
  marker: string,
): { dropped: number; restore: () => void } {
  const state = { dropped: 0, restore: () => {} };
  const shouldDrop = (text: string) => state.dropped === 0 && text.includes(marker);
  if (transport === 'long-polling') {
    interface Xhr {
      responseText: string;
      onerror?: () => void;
    }
    state.restore = useXMLHttpRequestClass((original) => {
      const Base = original as new () => Xhr;
      return class LossyXMLHttpRequest extends Base {
        private deliver?: () => void;
        set onload(handler: () => void) {
          this.deliver = handler;
        }
        get onload(): () => void {
          return () => {
            if (shouldDrop(this.responseText)) {
              state.dropped += 1;
              this.onerror?.();
            } else {
              this.deliver?.();
            }
          };
        }
      };
    });
  } else {
    const setter = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')?.set;
    if (setter === undefined) throw new Error('ws has no onmessage setter');
    const setOnMessage: (this: WebSocket, handler: unknown) => void = setter;
    state.restore = useWebSocketClass(
      class LossyWebSocket extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols);
          // The CometD transport assigns `onmessage`; wrap whatever it assigns.
          Object.defineProperty(this, 'onmessage', {
            set(this: WebSocket, handler: (event: { data: unknown }) => void) {
              setOnMessage.call(this, (event: { data: unknown }) => {
                if (shouldDrop(String(event.data))) {
                  state.dropped += 1;
                  this.terminate();
                } else {
                  handler(event);
                }
              });
            },
          });
        }
      },
    );
  }
  return state;
}

for (const transport of ['long-polling', 'websocket'] as const satisfies readonly TransportType[]) {
  describe(`recovery over ${transport}`, () => {
    test('the client re-handshakes and re-subscribes when a new server instance does not know its session', async () => {
      let server = await startServer();
      const port = server.port;
      const client = newClient(server, { transport, credentials: { basic: ['alice', 'alice-pw'] } });
      const received: Message[] = [];
      let subscriptions = 0;
      // The CometD way: subscriptions are (re)made in the /meta/handshake listener.
      client.addListener('/meta/handshake', (reply) => {
        if (reply.successful !== true) return;
        void subscribe(client, '/v2/me/chats', received).then((ack) => {
          if (ack.successful === true) subscriptions += 1;
        });
      });
      try {
        const first = await handshake(client);
        await waitFor(() => subscriptions === 1, 5000, 'first subscription');
        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 'before' });
        await waitFor(() => received.length === 1, 5000, 'delivery before restart');

        await server.close();
        server = await startServer({ port });
        await waitFor(() => subscriptions === 2, 15_000, 're-subscription on the new server');
        assert.notEqual(client.getClientId(), first.clientId, 'a new session');
        assert.equal(server.bayeux.hub.sessionCount, 1);
        void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 'after' });
        await waitFor(() => received.length === 2, 5000, 'delivery after restart');
        assert.deepEqual(
          received.map((message) => message.data),
          ['before', 'after'],
        );
      } finally {
        await disconnect(client);
        await server.close();
      }
    });

    for (const ack of [true, false]) {
      test(`a response lost with its connection is ${ack ? 'redelivered with' : 'lost without'} the ack extension`, async () => {
        const server = await startServer();
        const lossy = loseNextResponseWith(transport, 'lost-once');
        const client = newClient(server, { transport, credentials: { basic: ['alice', 'alice-pw'] }, ack });
        const received: Message[] = [];
        try {
          const reply = await handshake(client);
          assert.equal(reply.successful, true);
          assert.deepEqual(reply.ext, ack ? { ack: true } : undefined);
          assert.equal((await subscribe(client, '/v2/me/chats', received)).successful, true);
          await waitFor(() => client.getStatus() === 'connected');
          const clientId = client.getClientId();

          void publishNotification(server.bus, {
            userIds: [alice],
            channel: '/v2/me/chats',
            data: 'lost-once',
          });
          await waitFor(() => lossy.dropped === 1, 5000, 'the response to be lost');
          void publishNotification(server.bus, { userIds: [alice], channel: '/v2/me/chats', data: 'next' });
          await waitFor(
            () => received.some((message) => message.data === 'next'),
            10_000,
            'the next message',
          );

          assert.equal(client.getClientId(), clientId, 'the same session, no re-handshake');
          assert.deepEqual(
            received.map((message) => message.data),
            ack ? ['lost-once', 'next'] : ['next'],
          );
        } finally {
          lossy.restore();
          await disconnect(client);
          await server.close();
        }
      });
    }
  });
}
