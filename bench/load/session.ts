/**
 * A lean Bayeux-over-WebSocket subscriber (Bayeux 1.0 §4), the same for every server: handshake
 * (websocket only) → subscribe to one channel → a /meta/connect loop that sends the next connect
 * as soon as the previous one is answered (both servers advise `interval: 0`). Every other message
 * that arrives is a delivery, handed to the Tally. No extensions, no batching of its own, no
 * long-polling fallback: the point is to cost the load process as little as possible per message.
 */
import { WebSocket, type RawData } from 'ws';
import type { Tally } from './tally.js';

export interface SessionOptions {
  readonly url: string;
  /** Upgrade request headers: Authorization or Cookie for Parley, none for faye. */
  readonly headers: Readonly<Record<string, string>>;
  readonly channel: string;
  readonly tally: Tally;
  /** How long the handshake + subscribe may take. */
  readonly timeoutMs: number;
  /** When set, each delivery's `data` goes here instead of into the tally (bench/load/parties.ts). */
  readonly onData?: (data: unknown, receivedAt: number) => void;
}

interface Message {
  readonly channel?: string;
  readonly successful?: boolean;
  readonly clientId?: string;
  readonly error?: string;
  readonly data?: { readonly sentAt?: number };
}

function messagesOf(data: RawData): readonly Message[] {
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString();
  const parsed = JSON.parse(text) as Message | Message[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Opens one session; resolves once it is subscribed and its first /meta/connect is on its way. */
export function openSession(options: SessionOptions): Promise<WebSocket> {
  const { tally } = options;
  const socket = new WebSocket(options.url, { headers: { ...options.headers }, perMessageDeflate: false });
  let clientId = '';
  let nextId = 0;
  let subscribed = false;
  const send = (message: object): void => {
    nextId += 1;
    socket.send(JSON.stringify([{ ...message, id: String(nextId) }]));
  };
  const connect = (): void => send({ channel: '/meta/connect', clientId, connectionType: 'websocket' });

  return new Promise<WebSocket>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      socket.terminate();
      reject(new Error(why));
    };
    const timer = setTimeout(() => fail('handshake/subscribe timed out'), options.timeoutMs);
    const onMeta = (message: Message): void => {
      switch (message.channel) {
        case '/meta/handshake':
          if (message.successful !== true || message.clientId === undefined) {
            return fail(`handshake refused: ${message.error}`);
          }
          clientId = message.clientId;
          return send({ channel: '/meta/subscribe', clientId, subscription: options.channel });
        case '/meta/subscribe':
          if (message.successful !== true) return fail(`subscribe refused: ${message.error}`);
          subscribed = true;
          clearTimeout(timer);
          connect();
          return resolve(socket);
        case '/meta/connect':
          if (message.successful === true) return connect();
          tally.connectFailures += 1;
          return;
      }
    };
    socket.on('open', () =>
      send({ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['websocket'] }),
    );
    socket.on('message', (data: RawData) => {
      const receivedAt = tally.now();
      for (const message of messagesOf(data)) {
        if (message.channel?.startsWith('/meta/') === true) onMeta(message);
        else if (options.onData !== undefined) options.onData(message.data, receivedAt);
        else tally.deliver(message.data?.sentAt, receivedAt);
      }
    });
    socket.on('error', (error) => {
      if (!subscribed) fail(`socket error: ${error.message}`);
    });
    socket.on('close', () => {
      if (subscribed) tally.closed += 1;
      else fail('socket closed before subscribing');
    });
  });
}
