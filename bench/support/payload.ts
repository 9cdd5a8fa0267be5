/**
 * What every benchmark publishes: a realistic GWS chat notification (`MessageLogUpdated` /
 * `NewMessages` on `/v2/me/chats`, as src/chats/fanout.ts sends them) of about 340 bytes of JSON,
 * numbered and stamped with its publish time so that load processes can time each receipt.
 */

/** The channel every subscriber subscribes to and every publish goes to, on both servers. */
export const benchChannel = '/v2/me/chats';

/** Bench user names; per-user delivery is the point on Parley, so subscriber i is user i. */
export function benchUserId(index: number): string {
  return `agent${index}`;
}

export interface ChatNotification {
  readonly messageType: 'MessageLogUpdated';
  readonly notificationType: 'NewMessages';
  readonly messages: readonly object[];
  readonly chatPath: string;
  readonly seq: number;
  /** Publish time, epoch ms with a fraction (support/clock.ts). */
  readonly sentAt: number;
}

const chatPath = '/chats/8c1e4a7f';

export function chatNotification(seq: number, sentAt: number): ChatNotification {
  return {
    messageType: 'MessageLogUpdated',
    notificationType: 'NewMessages',
    messages: [
      {
        index: 7,
        type: 'Message',
        from: { nickname: 'Dana', type: 'Customer', participantId: 'c1d2e3' },
        text: 'Hi, where is my order #48213?',
        visibility: 'All',
        timestamp: '2026-01-15T10:24:31Z',
      },
    ],
    chatPath,
    seq,
    sentAt,
  };
}
