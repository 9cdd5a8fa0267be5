/**
 * /meta/connect (Bayeux 1.0 §4.2 "Connect", §5.1 long-polling): the reply is held until the
 * session has messages, the hold time runs out, a newer /meta/connect of the same session arrives,
 * the session ends, the server shuts down, or the transport goes away. The replies to the other
 * messages of the same batch wait and leave with it, as CometD servers do.
 *
 * One timer per held connect, on the app's clock (clock.ts); they all have the same duration, so
 * Node keeps them in one list.
 */
import type { Clock } from '../clock.js';
import { handshakeAdvice, protocolError, stopAdvice } from './bayeux-error.js';
import {
  extOf,
  replyTo,
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
  pending: PendingConnect,
  reason: Release | 'immediate',
  settings: ConnectSettings,
): { reply: BayeuxReply; deliveries: string[] } {
  const { session, message } = pending;
  const reply = replyTo(message, '/meta/connect');
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

/**
 * Answers the batch's /meta/connect, at once or after holding it, together with the batch's other
 * replies. Resolves to the response body ('' when the transport went away before the answer).
 */
export function completeConnect(
  pending: PendingConnect,
  replies: readonly BayeuxReply[],
  settings: ConnectSettings,
  hangup: Hangup | undefined,
): string | Promise<string> {
  const { session, message } = pending;
  const respond = (reason: Release | 'immediate'): string => {
    session.lastSeen = settings.clock.now();
    if (reason === 'aborted') return '';
    const { reply, deliveries } = connectReply(pending, reason, settings);
    return responseBody(replies, deliveries, reply);
  };
  // Nobody to answer: leave the queue for the next connect.
  if (hangup?.happened === true) return respond('aborted');
  const holdMs = holdTime(message, settings);
  if (session.ended !== null || session.hasQueued || holdMs === 0) return respond('immediate');
  session.held?.release('superseded');
  return new Promise<string>((resolve) => {
    const onAbort = (): void => held.release('aborted');
    const held: HeldConnect = {
      release(reason) {
        if (session.held !== held) return;
        session.held = null;
        settings.clock.clearTimeout(timer);
        hangup?.off(onAbort);
        resolve(respond(reason));
      },
    };
    session.held = held;
    const timer = settings.clock.setTimeout(() => held.release('timeout'), holdMs);
    hangup?.on(onAbort);
  });
}
