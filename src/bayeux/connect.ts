/**
 * /meta/connect (Bayeux 1.0 §4.2 "Connect", §5.1 long-polling): the reply is held until the
 * session has messages, the hold time runs out, a newer /meta/connect of the same session arrives,
 * the session ends, the server shuts down, or the transport goes away. The replies to the other
 * messages of the same batch wait and leave with it, as CometD servers do.
 *
 * One timer per held connect, on the app's clock (clock.ts); they all have the same duration, so
 * Node keeps them in one list.
 *
 * A held connect is one small object (`Hold`) that answers through the transport's callback: an
 * idle session holds its connect for its whole life, so a promise chain, a closure per outcome
 * and the incoming message kept for the hold would be paid 15,000 times over (README P4).
 */
import type { Clock, Timer } from '../clock.js';
import { handshakeAdvice, protocolError, stopAdvice } from './bayeux-error.js';
import {
  extOf,
  messageId,
  replyWithId,
  responseBody,
  type Advice,
  extend,
  type BayeuxReply,
  type IncomingMessage,
} from './message.js';
import type { Hangup } from './hangup.js';
import type { HeldConnect, Release, Session } from './session.js';

export interface ConnectSettings {
  /** The server's advice, sent on every /meta/connect reply. */
  readonly advice: Advice;
  /** How long a connect is held (advice.timeout). */
  readonly timeoutMs: number;
  /** The hold timers and the session's lastSeen go by it. */
  readonly clock: Clock;
}

/** A /meta/connect accepted for a session, waiting for the rest of its batch to be processed. */
export interface PendingConnect {
  readonly session: Session;
  readonly message: IncomingMessage;
}

/** Where a transport takes a response body; '' when the transport went away before the answer. */
export type Respond = (body: string) => void;

/** Applies the ack extension's `ext.ack` of an incoming /meta/connect (see ack.ts). */
export function acknowledge(session: Session, message: IncomingMessage): void {
  const batch = extOf(message)?.ack;
  if (session.ack !== null && typeof batch === 'number' && Number.isFinite(batch)) session.acknowledge(batch);
}

/** How long the client wants this connect held: its `advice.timeout` when shorter, else ours. */
function holdTime(message: IncomingMessage, settings: ConnectSettings): number {
  const advice = message.advice;
  if (typeof advice !== 'object' || advice === null) return settings.timeoutMs;
  const timeout = (advice as Readonly<Record<string, unknown>>).timeout;
  return typeof timeout === 'number' && timeout >= 0 && timeout < settings.timeoutMs
    ? timeout
    : settings.timeoutMs;
}

/** The /meta/connect reply for a release; takes the session's queue when it delivers. */
export function connectReply(
  session: Session,
  id: string | number | undefined,
  reason: Release | 'immediate',
  settings: ConnectSettings,
): { reply: BayeuxReply; deliveries: readonly string[] } {
  const reply = replyWithId(id, '/meta/connect');
  if (session.ended === 'overflow' || session.ended === 'expired' || session.ended === 'lost') {
    const error = session.ended === 'overflow' ? protocolError.queueOverflow : protocolError.unknownSession;
    return { reply: extend(reply, { successful: false, error, advice: handshakeAdvice }), deliveries: [] };
  }
  if (session.ended !== null) {
    return { reply: extend(reply, { successful: true, advice: stopAdvice }), deliveries: [] };
  }
  const { messages, batch } =
    reason === 'superseded' ? { messages: [], batch: session.ack?.lastBatch } : session.takeDeliveries();
  const fields: Partial<BayeuxReply> = { successful: true, advice: settings.advice };
  if (batch !== undefined) fields.ext = { ack: batch };
  return { reply: extend(reply, fields), deliveries: messages };
}

/** What the answer to a connect is made of; a `Hold` keeps exactly this while it waits. */
interface ConnectAnswer {
  readonly session: Session;
  /** The message's id (Bayeux §3.3): the reply echoes it, and the message itself is let go. */
  readonly id: string | number | undefined;
  /** The batch's other replies, sent before the connect's. */
  readonly replies: readonly BayeuxReply[];
  readonly settings: ConnectSettings;
  readonly respond: Respond;
}

/** Answers a connect for `reason`, with the batch's other replies ('' when the transport is gone). */
function answer(connect: ConnectAnswer, reason: Release | 'immediate'): void {
  const { session, id, replies, settings } = connect;
  session.lastSeen = settings.clock.now();
  if (reason === 'aborted') return connect.respond('');
  const { reply, deliveries } = connectReply(session, id, reason, settings);
  connect.respond(responseBody(replies, deliveries, reply));
}

const noReplies: readonly BayeuxReply[] = Object.freeze([]);

/** A held /meta/connect: what its answer needs, its hold timer, and its hang-up listener. */
class Hold implements HeldConnect, ConnectAnswer {
  readonly session: Session;
  readonly id: string | number | undefined;
  readonly replies: readonly BayeuxReply[];
  readonly settings: ConnectSettings;
  readonly respond: Respond;
  private readonly hangup: Hangup | undefined;
  private readonly timer: Timer;
  private readonly onAbort: () => void;

  constructor(connect: ConnectAnswer, hangup: Hangup | undefined, holdMs: number) {
    this.session = connect.session;
    this.id = connect.id;
    // Most held connects come alone in their batch: share one empty list.
    this.replies = connect.replies.length > 0 ? connect.replies : noReplies;
    this.settings = connect.settings;
    this.respond = connect.respond;
    this.hangup = hangup;
    this.timer = this.settings.clock.setTimeout(() => this.release('timeout'), holdMs);
    this.onAbort = () => this.release('aborted');
    hangup?.on(this.onAbort);
  }

  release(reason: Release): void {
    if (this.session.held !== this) return;
    this.session.held = null;
    this.settings.clock.clearTimeout(this.timer);
    this.hangup?.off(this.onAbort);
    answer(this, reason);
  }
}

/**
 * Answers the batch's /meta/connect, at once or after holding it, together with the batch's other
 * replies, through `respond` ('' when the transport went away before the answer).
 */
export function completeConnect(
  pending: PendingConnect,
  replies: readonly BayeuxReply[],
  settings: ConnectSettings,
  hangup: Hangup | undefined,
  respond: Respond,
): void {
  const { session, message } = pending;
  const connect: ConnectAnswer = { session, id: messageId(message), replies, settings, respond };
  // Nobody to answer: leave the queue for the next connect.
  if (hangup?.happened === true) return answer(connect, 'aborted');
  const holdMs = holdTime(message, settings);
  if (session.ended !== null || session.hasQueued || holdMs === 0) return answer(connect, 'immediate');
  session.held?.release('superseded');
  session.held = new Hold(connect, hangup, holdMs);
}
