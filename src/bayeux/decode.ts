/**
 * From a transport's text (an HTTP body, a WebSocket frame) to a batch of messages. A batch is a
 * JSON array of message objects or a single message object (Bayeux 1.0 §3, CometD accepts both).
 * What cannot be decoded becomes a Bayeux error reply, never an exception.
 */
import { protocolError } from './bayeux-error.js';
import { isIncomingMessage, responseBody } from './message.js';

/** What a transport sends back: an HTTP status for long-polling and the JSON array body. */
export interface BayeuxResponse {
  readonly status: number;
  readonly body: string;
}

export type DecodedBatch =
  | { readonly ok: true; readonly messages: readonly unknown[] }
  | { readonly ok: false; readonly response: BayeuxResponse };

/** A response made of a single error reply, for input that never became messages. */
export function errorResponse(status: number, error: string): BayeuxResponse {
  return { status, body: responseBody([{ channel: '/meta/unsuccessful', successful: false, error }]) };
}

export function tooLargeResponse(limit: number): BayeuxResponse {
  return errorResponse(413, protocolError.tooLarge(limit));
}

export function decodeBatch(text: string): DecodedBatch {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, response: errorResponse(400, protocolError.invalidJson) };
  }
  if (isIncomingMessage(parsed)) return { ok: true, messages: [parsed] };
  if (!Array.isArray(parsed)) return { ok: false, response: errorResponse(400, protocolError.invalidBatch) };
  if (parsed.length === 0) return { ok: false, response: errorResponse(400, protocolError.emptyBatch) };
  return { ok: true, messages: parsed };
}

/** Whether a batch contains a /meta/handshake (long-polling authenticates those requests). */
export function containsHandshake(messages: readonly unknown[]): boolean {
  return messages.some((message) => isIncomingMessage(message) && message.channel === '/meta/handshake');
}
