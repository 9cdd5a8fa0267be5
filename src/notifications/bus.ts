/**
 * The notification bus (STYLE.md §18): how a committed state change reaches the Bayeux sessions of
 * its users on every node. Two implementations pass one contract suite (bus.contract.test.ts): the
 * in-process bus (one node, the default) and the Redis bus (REDIS_URL, several nodes).
 *
 * A command's notifications travel as one `Announcement`, published after its commit (STYLE.md §6)
 * by the announcer (announcer.ts), which also records it in the store's outbox when the bus is
 * shared. Each notification is serialised once, as the Bayeux message `{"channel":…,"data":…}`
 * (spec §5.1), where it is produced; buses and hubs carry and queue that string, never decode it.
 *
 * A bus delivers the announcements of one chat in the order their commits made the chat's
 * versions, and each once (sequencer.ts): a node that lags in publishing cannot make another
 * node's recipients see a transcript out of order, and a relayed duplicate is dropped.
 */

/**
 * A group of users a hub resolves against the sessions it holds, so that a producer addresses
 * "the supervisors of contact center X" without looking them up at every commit: each session's
 * principal lists the audiences it belongs to, decided when it was authenticated (app.ts).
 */
export type Audience = `supervisors:${string}`;

/** The supervisors (ROLE_SUPERVISOR) of one contact center: the board's audience (supervision/board). */
export function supervisorsOf(contactCenterId: string): Audience {
  return `supervisors:${contactCenterId}`;
}

/** What producers announce: `data` to every session of each user (and audience), on one channel. */
export interface Notification {
  readonly userIds: readonly string[];
  /** Audiences addressed besides `userIds`; none when absent. */
  readonly audiences?: readonly Audience[];
  /** A Bayeux channel, e.g. `/v2/me/chats` or `/v2/me/channels` (spec §5.1). */
  readonly channel: string;
  readonly data: unknown;
}

/** A notification as buses carry it: the Bayeux message already serialised. */
export interface Delivery {
  readonly userIds: readonly string[];
  readonly audiences?: readonly Audience[];
  readonly channel: string;
  /** `{"channel":…,"data":…}`, queued as is for every session that wants it. */
  readonly message: string;
}

/** One commit's notifications. */
export interface Announcement {
  /** Unique per announcement (node and counter): the outbox key and the duplicate check. */
  readonly key: string;
  /** The chat version the commit made, when it changed a chat: deliveries are kept in its order. */
  readonly chat: { readonly id: string; readonly version: number } | null;
  readonly deliveries: readonly Delivery[];
}

/** Node-level news every node acts on, this one included (no user session involved). */
export type Signal =
  /** A user's password, roles or enabled flag changed, or it was deleted: drop cached copies. */
  | { readonly kind: 'UserChanged'; readonly userId: string }
  /** A contact center's features or settings changed. */
  | { readonly kind: 'ContactCenterChanged'; readonly contactCenterId: string };

export type DeliveryListener = (delivery: Delivery) => void;
export type SignalListener = (signal: Signal) => void;

export interface Bus {
  /** Whether other nodes share it: then what is announced is also kept in the outbox. */
  readonly shared: boolean;
  /**
   * Carries an announcement to every node's listeners. Resolves once the bus holds it (Redis
   * acknowledged it); rejects when it could not, and the outbox then keeps it for a relay.
   */
  publish(announcement: Announcement): Promise<void>;
  /** Deliveries for this node's hub; returns a function that removes the listener. */
  subscribe(listener: DeliveryListener): () => void;
  signal(signal: Signal): Promise<void>;
  onSignal(listener: SignalListener): () => void;
  /**
   * Called when announcements for this node may have been lost (Redis restarted): the hub then
   * ends its sessions so that their clients rebuild (redis-bus.ts). The in-process bus never does.
   */
  onLost(listener: () => void): () => void;
  /** True while the bus can carry announcements (readiness, /health/ready). */
  readonly connected: boolean;
  close(): Promise<void>;
}
