/**
 * Bayeux error strings (Bayeux 1.0 §3.14: `code:args:message`, args empty here) and the one
 * rendering of the domain error catalog for Bayeux replies (STYLE.md §8).
 */
import { catalog, isDomainError, type ErrorCode } from '../errors.js';
import type { Advice } from './message.js';

export function bayeuxError(code: number, message: string): string {
  return `${code}::${message}`;
}

/** Errors of the protocol itself. CometD says `402::Unknown client`; Parley says `unknown_session`. */
export const protocolError = {
  authenticationFailed: bayeuxError(403, 'Authentication failed'),
  originNotAllowed: bayeuxError(403, 'Origin not allowed'),
  authenticationUnavailable: bayeuxError(503, 'Authentication unavailable'),
  shuttingDown: bayeuxError(503, 'Server shutting down'),
  unknownSession: bayeuxError(402, 'unknown_session'),
  queueOverflow: bayeuxError(402, 'queue_overflow'),
  sessionUserMismatch: bayeuxError(403, 'session_user_mismatch'),
  forbiddenChannel: bayeuxError(403, 'Forbidden channel'),
  publishDenied: bayeuxError(403, 'publish denied'),
  unknownService: bayeuxError(404, 'unknown service'),
  unknownMetaChannel: bayeuxError(400, 'unknown meta channel'),
  invalidJson: bayeuxError(400, 'invalid JSON'),
  invalidBatch: bayeuxError(400, 'a batch is a message object or an array of them'),
  emptyBatch: bayeuxError(400, 'empty batch'),
  notAnObject: bayeuxError(400, 'message is not an object'),
  missingChannel: bayeuxError(400, 'missing channel'),
  invalidChannel: bayeuxError(400, 'invalid channel'),
  missingClientId: bayeuxError(400, 'missing clientId'),
  invalidClientId: bayeuxError(400, 'clientId is not a string'),
  invalidSubscription: bayeuxError(400, 'subscription must be a channel or a non-empty array of channels'),
  invalidField: (field: string) => bayeuxError(400, `invalid ${field}`),
  unsupportedConnectionType: bayeuxError(400, 'no supported connection type'),
  tooLarge: (limit: number) => bayeuxError(413, `message larger than ${limit} bytes`),
} as const;

/** Advice that sends the client back to /meta/handshake (its session is gone or unusable). */
export const handshakeAdvice: Advice = Object.freeze({ reconnect: 'handshake', interval: 0 });
/** Advice that stops the client (a refused handshake, a completed disconnect). */
export const stopAdvice: Advice = Object.freeze({ reconnect: 'none' });

/**
 * The Bayeux error number for each domain error. Written out (rather than read from the catalog's
 * HTTP status) so that adding an error code does not compile until its Bayeux rendering is chosen.
 */
const bayeuxCodeOf: Record<ErrorCode, number> = {
  // A remote call that partly failed is still a failed reply; 207 (multi-status) keeps the nuance.
  PartialSuccess: 207,
  MissingParameter: 400,
  InvalidState: 400,
  Forbidden: 403,
  CsrfTokenInvalid: 403,
  Internal: 500,
  NoPermission: 403,
  FeatureDisabled: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  ValidationFailed: 400,
  UnknownOperation: 400,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  ReadOnly: 400,
  AlreadyExists: 409,
  InUse: 409,
  Contended: 409,
  NotAuthenticated: 401,
  LoginThrottled: 429,
  RateLimited: 429,
  QueueFull: 429,
  Unavailable: 503,
};

export interface RenderedError {
  /** The reply's `error` field, e.g. `404::Requested resource not found`. */
  readonly error: string;
  /** The reply's `ext`: the GWS status pair a REST response would carry (spec §1.3). */
  readonly ext: { readonly statusCode: number; readonly statusMessage: string };
  /** Whether the error is not a domain error (the caller logs those; their text never goes out). */
  readonly unexpected: boolean;
}

/** Renders anything thrown by a service handler. Unknown errors become `Internal`, text withheld. */
export function renderError(error: unknown): RenderedError {
  const code: ErrorCode = isDomainError(error) ? error.code : 'Internal';
  const message = isDomainError(error) ? error.message : catalog.Internal.message;
  return {
    error: bayeuxError(bayeuxCodeOf[code], message),
    ext: { statusCode: catalog[code].statusCode, statusMessage: message },
    unexpected: !isDomainError(error),
  };
}
