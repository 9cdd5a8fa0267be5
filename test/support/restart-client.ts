/**
 * A user's CometD client (the official one, cometd.ts) as a real desk keeps it across server
 * restarts: it subscribes to `/v2/me/chats` and `/v2/me/channels` in its `/meta/handshake`
 * listener, so every successful (re-)handshake re-subscribes (the CometD way; Bayeux sessions
 * live in the server's memory and die with it). It keeps every notification and every session
 * id it was given.
 */
import assert from 'node:assert/strict';
import type { CometD, Message } from 'cometd';
import type { TransportType } from './cometd.js';
import { disconnect, newClient, subscribe, waitFor } from './cometd.js';
import type { Data, Headers } from './e2e-chat.js';
import { basicHeader } from './server-process.js';

export const PASSWORD = 'party-password';

/** An agent or a supervisor of the test, with its Basic credentials. */
export interface User {
  readonly userName: string;
  readonly id: string;
  readonly headers: Headers;
}

export function user(userName: string, id: string): User {
  return { userName, id, headers: { authorization: basicHeader(userName, PASSWORD) } };
}

export const DESK_CHANNELS = ['/v2/me/chats', '/v2/me/channels'] as const;

export class DeskClient {
  readonly received: Message[] = [];
  /** The clientId of each successful handshake, in order. */
  readonly sessions: string[] = [];
  /** Successful subscriptions, per handshake (index as in `sessions`). */
  readonly subscribed: number[] = [];
  private constructor(
    readonly userName: string,
    readonly transport: TransportType,
    readonly cometd: CometD,
  ) {}

  /** Handshakes and subscribes; resolves once both channels are subscribed. */
  static async connect(url: string, who: User, transport: TransportType): Promise<DeskClient> {
    const cometd = newClient(
      { url: `${url}/api/v2/notifications` },
      { transport, credentials: { basic: [who.userName, PASSWORD] } },
    );
    const client = new DeskClient(who.userName, transport, cometd);
    cometd.addListener('/meta/handshake', (reply) => {
      if (reply.successful !== true) return;
      const handshake = client.sessions.push(reply.clientId ?? '?') - 1;
      client.subscribed[handshake] = 0;
      for (const channel of DESK_CHANNELS) {
        void subscribe(cometd, channel, client.received).then((ack) => {
          if (ack.successful === true) client.subscribed[handshake] = (client.subscribed[handshake] ?? 0) + 1;
        });
      }
    });
    cometd.handshake();
    try {
      await client.resubscribed(1, 10_000);
    } catch (error) {
      await client.disconnect(); // no client left retrying after a failed test
      throw error;
    }
    return client;
  }

  /** Waits until the `count`-th handshake succeeded and both channels are subscribed on it. */
  async resubscribed(count: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      () => (this.subscribed[count - 1] ?? 0) === DESK_CHANNELS.length,
      timeoutMs,
      `${this.userName} (${this.transport}): handshake ${count} and its subscriptions`,
    );
    assert.equal(new Set(this.sessions).size, this.sessions.length, 'each handshake is a new session');
  }

  /** The data of every `/v2/me/chats` notification. */
  chatNotes(): Data[] {
    return this.received.filter((m) => m.channel === '/v2/me/chats').map((m) => m.data as Data);
  }

  /** Transcript messages received (MessageLogUpdated), each with the id of its chat. */
  messages(): { chatId: string; message: Data }[] {
    return this.chatNotes().flatMap((n) =>
      n.messageType === 'MessageLogUpdated'
        ? (n.messages ?? []).map((message) => ({
            chatId: String(n.chatPath).split('/').at(-1) ?? '',
            message,
          }))
        : [],
    );
  }

  disconnect(): Promise<void> {
    return disconnect(this.cometd);
  }
}
