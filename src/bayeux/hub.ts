/**
 * The hub: this node's Bayeux sessions, indexed by clientId and by user, fed by the notification
 * bus (src/notifications/bus.ts). Each notification arrives serialised once, where it was produced,
 * as the Bayeux message `{"channel":…,"data":…}` (spec §5.1), and the same string is queued for
 * every session of every addressed user that subscribed to a matching channel, and of every
 * addressed audience (the supervisors of a contact center: notifications/bus.ts) that subscribed
 * to the channel by name. On the next turn
 * of the event loop, so that notifications published together leave together, each session's
 * queue leaves in one frame pushed on its WebSocket (push.ts; the held /meta/connect stays held,
 * as with CometD 3 servers) or, when it cannot push (long-polling, ack extension, socket closed),
 * in the answer to its held connect.
 *
 * Overflow policy (maxQueue, default 1000 messages queued or sent-but-unacknowledged): a session
 * that would exceed it is ended. Its messages are dropped — the oldest first, and with them the
 * rest, because once one notification is lost the client's picture of its chats is stale and the
 * newer messages alone cannot repair it. Its held /meta/connect (now, or the next one, which finds
 * no session) is answered `successful:false` with `advice.reconnect = "handshake"`; the client
 * re-handshakes, re-subscribes and rebuilds its state from the REST GETs, as GWS clients do after a
 * reconnection. Ending the session also frees its memory at once instead of keeping 1000 stale
 * messages for a client that is evidently not reading them.
 *
 * Pushed messages leave the queue at once, so on WebSocket the same policy applies to the socket's
 * send buffer: a session whose socket still buffers more than its limit (websocket.ts) when a frame
 * is due is a slow consumer and is ended the same way, with the same reply to its held connect.
 */
import type { Clock, Timer } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Bus, Delivery } from '../notifications/bus.js';
import type { HubMetrics, SessionCounts } from '../observability/hooks.js';
import { isChannelName } from './channel.js';
import type { BayeuxLogger } from './logger.js';
import { FrameEncoder } from './push.js';
import type { Session, SessionEnd } from './session.js';

export interface HubOptions {
  readonly bus: Bus;
  readonly logger: BayeuxLogger;
  /** Messages a session may hold (queued + unacknowledged) before it is ended. */
  readonly maxQueue: number;
  /** A session without a held /meta/connect for longer than this is expired (timeout + maxInterval). */
  readonly expiryMs: number;
  /** Period of the single expiry sweep. */
  readonly sweepIntervalMs: number;
  /** The app's clock: the expiry sweep, the long-poll holds and the sessions' lastSeen (STYLE.md §19). */
  readonly clock?: Clock;
}

export class Hub {
  readonly clock: Clock;
  readonly now: () => number;
  private readonly sessions = new Map<string, Session>();
  private readonly byUser = new Map<string, Set<Session>>();
  /** Sessions by the audiences their principals belong to (notifications/bus.ts `Audience`). */
  private readonly byAudience = new Map<string, Set<Session>>();
  private readonly toFlush = new Set<Session>();
  private readonly knownChannels = new Set<string>();
  private flushTask: NodeJS.Immediate | null = null;
  private readonly stopListening: () => void;
  private readonly sweeper: Timer;
  /** Delivered and dropped counts for /metrics; set by the composition root (observability/). */
  metrics: HubMetrics | undefined;

  constructor(private readonly options: HubOptions) {
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.now = () => clock.now();
    const unsubscribe = options.bus.subscribe((delivery) => this.deliver(delivery));
    const unwatch = options.bus.onLost(() => this.rebuildAll());
    this.stopListening = () => {
      unsubscribe();
      unwatch();
    };
    this.sweeper = clock.setInterval(() => this.sweep(), options.sweepIntervalMs);
    this.sweeper.unref();
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get userCount(): number {
    return this.byUser.size;
  }

  /** Sessions by how they receive now: pushed on a WebSocket, or in /meta/connect replies. */
  transports(): SessionCounts {
    let websocket = 0;
    for (const session of this.sessions.values()) if (session.push !== null) websocket += 1;
    return { websocket, longPolling: this.sessions.size - websocket };
  }

  get(clientId: string): Session | undefined {
    return this.sessions.get(clientId);
  }

  sessionsOf(userId: string): readonly Session[] {
    return [...(this.byUser.get(userId) ?? [])];
  }

  add(session: Session): void {
    this.sessions.set(session.clientId, session);
    addTo(this.byUser, session.userId, session);
    for (const audience of session.audiences) addTo(this.byAudience, audience, session);
    // Never log the clientId: it is the session's bearer secret.
    this.options.logger.debug({ userId: session.userId }, 'bayeux: session started');
  }

  /** Ends a session: forgets it, frees its queue and answers its held /meta/connect. */
  end(session: Session, reason: SessionEnd): void {
    if (this.sessions.get(session.clientId) === session) this.sessions.delete(session.clientId);
    removeFrom(this.byUser, session.userId, session);
    for (const audience of session.audiences) removeFrom(this.byAudience, audience, session);
    this.toFlush.delete(session);
    if (session.pending > 0) this.metrics?.dropped(reason, session.pending);
    session.end(reason);
    session.held?.release('ended');
    this.options.logger.debug({ userId: session.userId, reason }, 'bayeux: session ended');
  }

  /**
   * A user's sessions keep only the audiences in `allowed` (the user lost a role, or was
   * disabled): they stop receiving the others' notifications at once. Audiences are never added
   * this way; a new role takes effect at the next handshake, authenticated afresh.
   */
  restrictAudiences(userId: string, allowed: readonly string[]): void {
    for (const session of this.byUser.get(userId) ?? []) {
      const kept = session.audiences.filter((a) => allowed.includes(a));
      if (kept.length === session.audiences.length) continue;
      for (const audience of session.audiences) {
        if (!kept.includes(audience)) removeFrom(this.byAudience, audience, session);
      }
      session.principal = { ...session.principal, audiences: kept };
    }
  }

  /** Fans a delivery out to the subscribed sessions of its users and audiences. */
  deliver(delivery: Delivery): void {
    const { channel, userIds, audiences, message } = delivery;
    if (!this.knownChannels.has(channel)) {
      if (!isChannelName(channel)) {
        this.options.logger.error({ channel }, 'bayeux: notification on an invalid channel dropped');
        this.metrics?.dropped('invalid-channel', 1);
        return;
      }
      // Server-made channels are few (/v2/me/chats, /v2/me/channels…): check each once.
      if (this.knownChannels.size < 64) this.knownChannels.add(channel);
    }
    const users = userIds.length > 1 && hasRepeats(userIds) ? new Set(userIds) : userIds;
    for (const userId of users) {
      const sessions = this.byUser.get(userId);
      if (sessions === undefined) continue;
      for (const session of sessions) {
        if (session.wants(channel)) this.enqueue(session, message);
      }
    }
    if (audiences !== undefined) this.deliverToAudiences(audiences, channel, message, userIds);
  }

  /**
   * Each session once, even in several audiences, and not again when also addressed by user; only
   * sessions that subscribed to the channel by name (wildcards do not take audience channels).
   */
  private deliverToAudiences(
    audiences: readonly string[],
    channel: string,
    message: string,
    userIds: readonly string[],
  ): void {
    const reached = audiences.length > 1 ? new Set<Session>() : undefined;
    for (const audience of audiences) {
      for (const session of this.byAudience.get(audience) ?? []) {
        if (reached?.has(session) || userIds.includes(session.userId)) continue;
        reached?.add(session);
        if (session.wantsByName(channel)) this.enqueue(session, message);
      }
    }
  }

  /** Queues a pre-serialised message for one session, applying the overflow policy. */
  enqueue(session: Session, message: string): void {
    if (session.pending >= this.options.maxQueue) {
      this.options.logger.warn(
        { userId: session.userId, pending: session.pending },
        'bayeux: session queue overflow, session ended; the client will re-handshake',
      );
      this.metrics?.dropped('overflow', 1);
      this.end(session, 'overflow');
      return;
    }
    session.enqueue(message);
    this.metrics?.delivered();
    if (session.held !== null || session.push !== null) this.scheduleFlush(session);
  }

  /** Pushes the session's queue, or answers its held /meta/connect with it, on the next turn. */
  scheduleFlush(session: Session): void {
    this.toFlush.add(session);
    this.flushTask ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushTask = null;
    const sessions = [...this.toFlush];
    this.toFlush.clear();
    const frames = new FrameEncoder();
    for (const session of sessions) {
      if (!session.hasQueued) continue;
      const push = session.push;
      if (push === null) {
        session.held?.release('deliver');
        continue;
      }
      const { messages } = session.takeDeliveries();
      if (!push.send(frames.frame(messages))) {
        this.metrics?.dropped('slow-consumer', messages.length);
        this.options.logger.warn(
          { userId: session.userId },
          'bayeux: websocket slow consumer, session ended; the client will re-handshake',
        );
        this.end(session, 'overflow');
      }
    }
  }

  /**
   * The bus may have lost notifications for this node's sessions: every session is ended, and its
   * client told to re-handshake and rebuild its state from the REST GETs (as after an overflow).
   */
  rebuildAll(): number {
    const sessions = [...this.sessions.values()];
    for (const session of sessions) this.end(session, 'lost');
    if (sessions.length > 0) {
      this.options.logger.warn(
        { sessions: sessions.length },
        'bayeux: sessions ended so that their clients rebuild',
      );
    }
    return sessions.length;
  }

  /** Expires sessions that have had no held /meta/connect for longer than expiryMs. */
  sweep(now: number = this.now()): number {
    let expired = 0;
    for (const session of this.sessions.values()) {
      if (session.held === null && now - session.lastSeen > this.options.expiryMs) {
        this.end(session, 'expired');
        expired += 1;
      }
    }
    return expired;
  }

  /**
   * Delivers what is queued (pushed, or in the answer to a held connect), answers every held
   * /meta/connect, then forgets every session.
   */
  close(): void {
    this.stopListening();
    this.clock.clearInterval(this.sweeper);
    if (this.flushTask !== null) {
      clearImmediate(this.flushTask);
      this.flush();
    }
    for (const session of [...this.sessions.values()]) {
      session.held?.release('shutdown');
      this.end(session, 'shutdown');
    }
  }
}

function addTo(index: Map<string, Set<Session>>, key: string, session: Session): void {
  let sessions = index.get(key);
  if (sessions === undefined) {
    sessions = new Set();
    index.set(key, sessions);
  }
  sessions.add(session);
}

function removeFrom(index: Map<string, Set<Session>>, key: string, session: Session): void {
  const sessions = index.get(key);
  if (sessions !== undefined && sessions.delete(session) && sessions.size === 0) index.delete(key);
}

/** Whether a list names a user twice (fan-outs name a handful of users, usually all different). */
function hasRepeats(userIds: readonly string[]): boolean {
  if (userIds.length > 16) return new Set(userIds).size !== userIds.length;
  for (let i = 1; i < userIds.length; i++) if (userIds.lastIndexOf(userIds[i]!, i - 1) >= 0) return true;
  return false;
}
