/**
 * /meta/handshake (Bayeux 1.0 §4.1; spec §1.4, §5.1): the transport authenticated the request or
 * the WebSocket upgrade with the REST credentials; without a principal the handshake is refused
 * with `advice.reconnect = "none"` so that the client stops instead of retrying wrong credentials;
 * so is one the transport refused (a browser page from an origin not admitted, origin.ts).
 * A client that sends `ext: {ack: true}` (or the newer `{ack: {enabled: true}}`) gets the ack
 * extension (ack.ts).
 */
import { protocolError, stopAdvice } from './bayeux-error.js';
import type { Hub } from './hub.js';
import {
  connectionTypes,
  extOf,
  failure,
  isIncomingMessage,
  replyTo,
  type Advice,
  type BayeuxPrincipal,
  extend,
  type BayeuxReply,
  type IncomingMessage,
} from './message.js';
import { Session } from './session.js';

export interface HandshakeSettings {
  readonly hub: Hub;
  /** The server's advice (reconnect retry, interval 0, timeout, maxInterval). */
  readonly advice: Advice;
  /** Shutting down: no new sessions; the client is told to try again shortly. */
  readonly closed: boolean;
  /** The transport refused the request (e.g. `403::Origin not allowed`): no session, ever. */
  readonly refused?: string | undefined;
}

/** Why the handshake's fields are unacceptable, or null. */
function invalidHandshake(message: IncomingMessage): { error: string; advice?: Advice } | null {
  if (message.version !== undefined && typeof message.version !== 'string') {
    return { error: protocolError.invalidField('version') };
  }
  const types = message.supportedConnectionTypes;
  if (types === undefined) return null;
  if (!Array.isArray(types) || !types.every((type) => typeof type === 'string')) {
    return { error: protocolError.invalidField('supportedConnectionTypes') };
  }
  return connectionTypes.some((type) => types.includes(type))
    ? null
    : { error: protocolError.unsupportedConnectionType, advice: stopAdvice };
}

export function handshake(
  message: IncomingMessage,
  principal: BayeuxPrincipal | undefined,
  settings: HandshakeSettings,
): BayeuxReply {
  const reply = replyTo(message, '/meta/handshake');
  // Before the shutdown answer: a refused page must not be told to try again.
  if (settings.refused !== undefined) return failure(reply, settings.refused, stopAdvice);
  if (settings.closed) {
    return failure(reply, protocolError.shuttingDown, { reconnect: 'handshake', interval: 1000 });
  }
  if (principal === undefined) return failure(reply, protocolError.authenticationFailed, stopAdvice);
  const invalid = invalidHandshake(message);
  if (invalid !== null) return failure(reply, invalid.error, invalid.advice);
  const ackField = extOf(message)?.ack;
  const ack = ackField === true || (isIncomingMessage(ackField) && ackField.enabled === true);
  const session = new Session(principal, { ack, now: settings.hub.now() });
  settings.hub.add(session);
  return extend(reply, {
    successful: true,
    version: '1.0',
    supportedConnectionTypes: connectionTypes,
    clientId: session.clientId,
    advice: settings.advice,
    ...(ack ? { ext: { ack: true } } : {}),
  });
}
