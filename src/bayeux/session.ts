/**
 * One Bayeux session (Bayeux 1.0 §1.3 "client"): created by /meta/handshake for one principal,
 * identified by an unguessable clientId, ended by /meta/disconnect, by expiry, by queue overflow or
 * by shutdown. It holds the session's subscriptions, its queue of pre-serialised messages waiting
 * for a /meta/connect reply or a push, the acknowledgement log when the client uses the ack
 * extension, at most one held /meta/connect, and the transport that can push to it (push.ts).
 *
 * Kept small on purpose: a target of 15,000 idle WebSocket sessions at ≤ 20 KB each means an idle
 * session is a few fields and a one-element subscription array; an empty queue is no array at all.
 */
import { randomBytes } from 'node:crypto';
import { AckLog } from './ack.js';
import { matches, type Subscription } from './channel.js';
import type { Audience } from '../notifications/bus.js';
import type { BayeuxPrincipal } from './message.js';
import type { Push } from './push.js';

/** Why a held /meta/connect was answered. */
export type Release =
  /** Messages were queued for the session. */
  | 'deliver'
  /** The hold time ran out. */
  | 'timeout'
  /** A newer /meta/connect of the same session arrived. */
  | 'superseded'
  /** The session ended: disconnect, overflow, expiry. */
  | 'ended'
  /** The server is shutting down. */
  | 'shutdown'
  /** The transport closed (request aborted, WebSocket closed); nothing can be sent. */
  | 'aborted';

export interface HeldConnect {
  release(reason: Release): void;
}

/** How a session ended; decides what its last /meta/connect reply says. */
/** `lost`: the bus may have lost notifications for it (redis-bus.ts); its client must rebuild. */
export type SessionEnd = 'disconnect' | 'overflow' | 'expired' | 'shutdown' | 'lost';

/** 24 random bytes, hex: unguessable and safe in JSON, URLs and cookies alike. */
export function newClientId(): string {
  return randomBytes(24).toString('hex');
}

/** The empty subscription list every new session shares; frozen, so never grown in place. */
const noSubscriptions: readonly Subscription[] = Object.freeze([]);
/** What an empty queue delivers. */
const noMessages: readonly string[] = Object.freeze([]);

export class Session {
  readonly clientId: string;
  /** Replaced (narrowed) only by Hub.restrictAudiences when the user lost a role. */
  principal: BayeuxPrincipal;
  /** Present when the client enabled the ack extension at handshake. */
  readonly ack: AckLog | null;
  /** Last time the client was heard from or a /meta/connect was answered (ms, for expiry). */
  lastSeen: number;
  held: HeldConnect | null = null;
  ended: SessionEnd | null = null;
  /** Replaced, never grown in place: a pushed array keeps 17 slots, an idle session needs one. */
  private subscriptions: readonly Subscription[] = noSubscriptions;
  /** Null while empty, so that an idle session holds no array of its own. */
  private queue: string[] | null = null;
  private pushTo: Push | null = null;

  constructor(principal: BayeuxPrincipal, options: { ack: boolean; now: number; clientId?: string }) {
    this.clientId = options.clientId ?? newClientId();
    const { userId, contactCenterId, audiences } = principal;
    this.principal =
      audiences && audiences.length > 0
        ? { userId, contactCenterId, audiences }
        : { userId, contactCenterId };
    this.ack = options.ack ? new AckLog() : null;
    this.lastSeen = options.now;
  }

  get userId(): string {
    return this.principal.userId;
  }

  get audiences(): readonly Audience[] {
    return this.principal.audiences ?? [];
  }

  subscribe(subscriptions: readonly Subscription[]): void {
    let held = this.subscriptions;
    for (const subscription of subscriptions) {
      if (!held.some((h) => h.pattern === subscription.pattern)) held = held.concat(subscription);
    }
    this.subscriptions = held;
  }

  unsubscribe(patterns: readonly string[]): void {
    this.subscriptions = this.subscriptions.filter((held) => !patterns.includes(held.pattern));
  }

  subscribedPatterns(): string[] {
    return this.subscriptions.map((held) => held.pattern);
  }

  /** Whether a notification on `channel` is for this session (its user's, checked by the hub). */
  wants(channel: string): boolean {
    for (const subscription of this.subscriptions) {
      if (matches(subscription, channel)) return true;
    }
    return false;
  }

  /**
   * Whether the session subscribed to `channel` by its name: audience channels (the board) are
   * opt-in, so a supervisor's `/**` client is not sent a stream it never asked for.
   */
  wantsByName(channel: string): boolean {
    return this.subscriptions.some((held) => held.glob === 'none' && held.pattern === channel);
  }

  /**
   * The transport the session's last /meta/connect came on, when it can push (WebSocket), else
   * null. Sessions with the ack extension never push: the extension acknowledges batches numbered
   * on /meta/connect replies (AckExtension.js: "all messages arriving from the server will arrive
   * via /meta/connect"), so pushed messages could be neither acknowledged nor redelivered. They
   * keep connect-batched delivery, guaranteed as before, at the cost of a round trip.
   */
  usePush(push: Push | null): void {
    this.pushTo = this.ack === null && this.ended === null ? push : null;
  }

  /** Where to push now: the bound transport while it is open, else null (wait for a connect). */
  get push(): Push | null {
    return this.pushTo !== null && this.pushTo.open ? this.pushTo : null;
  }

  /** Messages held for this session: queued plus sent-but-unacknowledged. */
  get pending(): number {
    return (this.queue?.length ?? 0) + (this.ack?.unacknowledged ?? 0);
  }

  get hasQueued(): boolean {
    return this.queue !== null;
  }

  enqueue(message: string): void {
    if (this.queue === null) this.queue = [message];
    else this.queue.push(message);
  }

  /** Empties the queue into a /meta/connect reply; numbers the batch when acks are on. */
  takeDeliveries(): { messages: readonly string[]; batch: number | undefined } {
    const messages = this.queue ?? noMessages;
    this.queue = null;
    const batch = this.ack?.record(messages);
    return { messages, batch };
  }

  /** Applies a client acknowledgement; unacknowledged messages go back to the front of the queue. */
  acknowledge(batch: number): void {
    if (this.ack === null) return;
    const lost = this.ack.acknowledge(batch);
    if (lost.length > 0) this.queue = this.queue === null ? lost : lost.concat(this.queue);
  }

  /** Marks the session ended and frees what it held. The caller releases a held connect. */
  end(reason: SessionEnd): void {
    this.ended ??= reason;
    this.queue = null;
    this.subscriptions = noSubscriptions;
    this.pushTo = null;
    this.ack?.clear();
  }
}
