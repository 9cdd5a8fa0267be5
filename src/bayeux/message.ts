/**
 * Bayeux message shapes (Bayeux 1.0 §3 "Message Field Definitions") as Parley reads and writes them.
 *
 * Incoming messages are untrusted JSON: the core reads them through the guards below and never
 * assumes a field's type. Replies are plain objects serialised once, when a response is flushed.
 */
import type { Audience } from '../notifications/bus.js';

/** Who a transport authenticated (spec §1.4: the same Basic credentials / session cookie as REST). */
export interface BayeuxPrincipal {
  readonly userId: string;
  readonly contactCenterId: string;
  /**
   * The audiences the user belonged to when authenticated (notifications/bus.ts `Audience`), e.g.
   * the supervisors of its contact center; the hub delivers their notifications to it, and the
   * channels reserved to them (channel.ts) are open to it. None when absent.
   */
  readonly audiences?: readonly Audience[];
}

/** Bayeux §3.5 advice. */
export interface Advice {
  reconnect?: 'retry' | 'handshake' | 'none';
  interval?: number;
  timeout?: number;
  maxInterval?: number;
}

/** A reply or a server-originated message. Only the fields Parley sends. */
export interface BayeuxReply {
  channel: string;
  id?: string | number;
  successful?: boolean;
  clientId?: string;
  error?: string;
  advice?: Advice;
  ext?: Record<string, unknown>;
  version?: string;
  supportedConnectionTypes?: readonly string[];
  subscription?: string | readonly string[];
  data?: unknown;
}

/** An incoming message after the object check; every field is still unknown. */
export type IncomingMessage = Readonly<Record<string, unknown>>;

export const connectionTypes = ['long-polling', 'websocket'] as const;

export function isIncomingMessage(value: unknown): value is IncomingMessage {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Bayeux §3.3: ids are strings; some clients send numbers. Anything else is not echoed. */
export function messageId(message: IncomingMessage): string | number | undefined {
  const id = message.id;
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
}

/** The `ext` object of a message, or undefined when absent or not an object. */
export function extOf(message: IncomingMessage): IncomingMessage | undefined {
  const ext = message.ext;
  return isIncomingMessage(ext) ? ext : undefined;
}

/** A reply skeleton on the message's channel with its id echoed (Bayeux §3.3). */
export function replyTo(message: IncomingMessage, channel: string): BayeuxReply {
  return replyWithId(messageId(message), channel);
}

/** The same from the id alone, for a reply made after its message was let go (a held connect). */
export function replyWithId(id: string | number | undefined, channel: string): BayeuxReply {
  return id === undefined ? { channel } : { id, channel };
}

/**
 * `{ ...reply, ...fields }` as a new object. Built with Object.assign on purpose: V8 in Node 20
 * adds the new properties of a spread copy through a slow path — about 3 µs a reply against
 * 0.07 µs, and a /meta/connect reply is made for every delivery.
 */
export function extend(reply: BayeuxReply, fields: Partial<BayeuxReply>): BayeuxReply {
  return Object.assign({}, reply, fields);
}

/** The reply turned into a failure with a Bayeux error string (and advice, when given). */
export function failure(reply: BayeuxReply, error: string, advice?: Advice): BayeuxReply {
  return advice === undefined
    ? extend(reply, { successful: false, error })
    : extend(reply, { successful: false, error, advice });
}

/** Serialises a reply; a reply that cannot be serialised becomes an error reply on its channel. */
export function serializeReply(reply: BayeuxReply): string {
  try {
    return JSON.stringify(reply);
  } catch {
    return JSON.stringify({
      channel: reply.channel,
      ...(reply.id === undefined ? {} : { id: reply.id }),
      successful: false,
      error: '500::reply not serialisable',
    });
  }
}

/** Builds a response body from replies and pre-serialised messages, without re-serialising them. */
export function responseBody(
  replies: readonly BayeuxReply[],
  deliveries: readonly string[] = [],
  last?: BayeuxReply,
): string {
  const parts: string[] = replies.map(serializeReply);
  for (const delivery of deliveries) parts.push(delivery);
  if (last !== undefined) parts.push(serializeReply(last));
  return '[' + parts.join(',') + ']';
}
