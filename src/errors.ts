/**
 * The error catalog: every domain error Parley can report, listed once (STYLE.md §8).
 *
 * Each entry gives the GWS `statusCode` (spec §1.3, "Return Values") and the HTTP status of the
 * recommended mapping (spec §1.3: 0→200; 1, 2, 10, 11→400; 20→401; 3, 5→403; 6→404; 18, 19→409;
 * 4→500). The HTTP envelope (src/http/envelope.ts) and the Bayeux renderer (src/bayeux/) each map
 * this catalog exactly once; code never branches on message text.
 */

export type ErrorCode =
  | 'PartialSuccess'
  | 'MissingParameter'
  | 'InvalidState'
  | 'Forbidden'
  | 'CsrfTokenInvalid'
  | 'Internal'
  | 'NoPermission'
  | 'FeatureDisabled'
  | 'NotFound'
  | 'MethodNotAllowed'
  | 'ValidationFailed'
  | 'UnknownOperation'
  | 'PayloadTooLarge'
  | 'UnsupportedMediaType'
  | 'ReadOnly'
  | 'AlreadyExists'
  | 'InUse'
  | 'Contended'
  | 'NotAuthenticated'
  | 'LoginThrottled'
  | 'RateLimited'
  | 'QueueFull'
  | 'Unavailable';

export interface CatalogEntry {
  /** GWS statusCode (spec §1.3). */
  readonly statusCode: number;
  /** HTTP status of the recommended mapping. */
  readonly http: number;
  /** Message used when the thrower gives none. */
  readonly message: string;
}

export const catalog: Record<ErrorCode, CatalogEntry> = {
  // spec §1.3 code 7: part of a bulk operation succeeded (what did is kept); HTTP 200 says so.
  PartialSuccess: { statusCode: 7, http: 200, message: 'Partial success' },
  MissingParameter: { statusCode: 1, http: 400, message: 'A required parameter is missing' },
  InvalidState: { statusCode: 2, http: 400, message: 'The operation is not valid in the current state' },
  Forbidden: { statusCode: 3, http: 403, message: 'Operation forbidden' },
  // spec §1.4: the body text GWS sends when CSRF protection rejects a request.
  CsrfTokenInvalid: { statusCode: 3, http: 403, message: 'Missing or invalid Csrf token' },
  Internal: { statusCode: 4, http: 500, message: 'Internal error' },
  NoPermission: { statusCode: 5, http: 403, message: 'The user lacks permission for this operation' },
  // spec §1.5 (inferred): a missing required feature is a missing permission.
  FeatureDisabled: { statusCode: 5, http: 403, message: 'A required feature is not enabled' },
  NotFound: { statusCode: 6, http: 404, message: 'Requested resource not found' },
  MethodNotAllowed: { statusCode: 6, http: 405, message: 'Method not allowed on this resource' },
  ValidationFailed: { statusCode: 10, http: 400, message: 'Input validation error' },
  UnknownOperation: { statusCode: 10, http: 400, message: 'Unknown operationName' },
  PayloadTooLarge: { statusCode: 10, http: 413, message: 'Request body too large' },
  UnsupportedMediaType: { statusCode: 10, http: 415, message: 'Content-Type must be application/json' },
  ReadOnly: { statusCode: 11, http: 400, message: 'Attempt to change a read-only property' },
  AlreadyExists: { statusCode: 18, http: 409, message: 'Resource already exists' },
  InUse: { statusCode: 19, http: 409, message: 'Resource already in use' },
  // A command that kept losing to other writers of the same chat (engine.ts): nothing was done.
  Contended: { statusCode: 19, http: 409, message: 'The resource kept changing meanwhile; try again' },
  NotAuthenticated: { statusCode: 20, http: 401, message: 'Access denied' },
  // Not in GWS: a throttled login is still "not authenticated", but HTTP 429 tells clients to back off
  // (auth/throttle.ts: per name and source, per source, per name under a distributed attack).
  LoginThrottled: { statusCode: 20, http: 429, message: 'Too many failed logins' },
  // Not in GWS, which has no rate-limit code: the operation is refused for now (3, "operation
  // forbidden", which GWS clients show as a refusal, not a fault) and HTTP 429 with Retry-After
  // tells HTTP-aware clients when to try again (customer/limits.ts).
  RateLimited: { statusCode: 3, http: 429, message: 'Too many requests; try again later' },
  // Not in GWS: RequestChat while the contact center's queue is at its cap (maxWaitingChats) —
  // 13, "unable to create resource", nothing was created. HTTP 429 with Retry-After, not 503: the
  // server is healthy and refuses by design; a 5xx would count as a fault for balancers
  // (HAProxy's `observe layer7`), alerts and the suite's fuzz alike.
  QueueFull: { statusCode: 13, http: 429, message: 'The queue is full; try again later' },
  Unavailable: { statusCode: 4, http: 503, message: 'Service unavailable' },
};

/** A wait of `ms` as Retry-After says it: whole seconds, at least 1, and the header. */
export function retryAfter(ms: number): { seconds: number; headers: Record<string, string> } {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return { seconds, headers: { 'retry-after': String(seconds) } };
}

/** A domain error: thrown by services, rendered by the transports. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  /** Extra response headers (e.g. Retry-After), never part of the body. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message?: string, headers: Record<string, string> = {}) {
    super(message ?? catalog[code].message);
    this.name = 'DomainError';
    this.code = code;
    this.headers = headers;
  }
}

export function fail(code: ErrorCode, message?: string): never {
  throw new DomainError(code, message);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
