/**
 * The notification bus: how a committed state change reaches the Bayeux sessions of its users,
 * on this node and (with the Redis bus of a later issue) on every other node.
 *
 * Commands publish only after their transaction commits (STYLE.md §6). A bus carries each
 * notification once; the hub on each node serialises it once and fans it out to that node's
 * sessions of the addressed users (spec §5.1: `/v2/me/…` channels are private to their user).
 */

export interface Notification {
  /** Users whose sessions receive it; every session of each user. */
  readonly userIds: readonly string[];
  /** A Bayeux channel, e.g. `/v2/me/chats` or `/v2/me/channels` (spec §5.1). */
  readonly channel: string;
  /** The notification body, delivered as the Bayeux message's `data`. */
  readonly data: unknown;
}

export type NotificationListener = (notification: Notification) => void;

export interface Bus {
  publish(notification: Notification): void;
  /** Returns a function that removes the listener. */
  subscribe(listener: NotificationListener): () => void;
  close(): Promise<void>;
}

/** What services use: publish to one user or fan out to several. */
export interface Notifier {
  publishToUser(userId: string, channel: string, data: unknown): void;
  publishToUsers(userIds: readonly string[], channel: string, data: unknown): void;
}

export function notifierOn(bus: Bus): Notifier {
  return {
    publishToUser: (userId, channel, data) => bus.publish({ userIds: [userId], channel, data }),
    publishToUsers: (userIds, channel, data) => {
      if (userIds.length > 0) bus.publish({ userIds, channel, data });
    },
  };
}
