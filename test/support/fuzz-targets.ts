/**
 * The fuzz suite's row for every route of the route table (route-table.ts): what kind of answer
 * the route gives and how the generator treats it. The suite fails on a route without a row, so a
 * new route is fuzzed from the day it exists; its bodies, path parameters and query strings come
 * from its own schema (fuzz-requests.ts), so a row is usually just `{ kind: 'gws' }`.
 *
 * `principals` keeps the observed tenant A stable: what only an administrator can change about a
 * contact center (features, settings: e.g. a one-minute idle timeout would end the chat the suite
 * checks afterwards) is fuzzed by B's administrator, and routes that end sessions get throw-away
 * sessions. `valid` is the share of exactly valid bodies; 0 where each one costs a scrypt hash
 * (~90 ms: a user or contact center created, a password set), which near misses still reach now
 * and then. HEAD routes use their GET row.
 */
export type AnswerKind =
  /** The GWS envelope (spec §1.3): statusCode 0 with a payload, or exactly {statusCode, statusMessage}. */
  | 'gws'
  /** Bayeux (spec §5.1): an array of replies; refused ones `successful:false` with an `error`. */
  | 'bayeux'
  /** The OpenAPI document on success; GWS errors otherwise. */
  | 'document'
  /** The CORS preflight: an empty answer (or a GWS error). */
  | 'preflight'
  /** A page or file (the docs UI): any 2xx/3xx content; GWS errors otherwise. */
  | 'static';

export type PrincipalSet =
  /** Everyone of the fuzz cast (fuzz-requests.ts). */
  | 'all'
  /** Everyone but A's administrator (B's administrator stands in). */
  | 'not-admin-of-A'
  /** Anonymous, bad credentials and sessions minted for this one request. */
  | 'minted'
  /**
   * Everyone but the shared cookie sessions, plus minted ones: for routes that may end the
   * caller's session (EndContactCenterSession), so the cookies the rest of the suite uses live on.
   */
  | 'not-shared-cookies';

export interface FuzzTarget {
  readonly kind: AnswerKind;
  /** Relative share of the REST cases (default 1). */
  readonly weight?: number;
  readonly principals?: PrincipalSet;
  /** Share of exactly valid bodies (default 0.1). */
  readonly valid?: number;
  /** Path parameters whose pool is the throw-away users (changes or deletes them). */
  readonly victims?: readonly string[];
}

export const FUZZ_TARGETS: Readonly<Record<string, FuzzTarget>> = {
  'GET /health/live': { kind: 'gws', weight: 0.3 },
  'GET /health/ready': { kind: 'gws', weight: 0.3 },
  'GET /api/v2/diagnostics/version': { kind: 'gws', weight: 0.3 },
  'GET /api/v2/openapi.json': { kind: 'document', weight: 0.1 },
  'OPTIONS *': { kind: 'preflight', weight: 0.5 },
  'GET /api/v2/me': { kind: 'gws' },
  'POST /api/v2/me': { kind: 'gws', principals: 'not-shared-cookies' },
  'POST /api/v2/me/channels/:channel': { kind: 'gws' },
  'GET /api/v2/me/chats': { kind: 'gws' },
  'GET /api/v2/me/chats/:chatId': { kind: 'gws' },
  'GET /api/v2/me/chats/:chatId/messages': { kind: 'gws' },
  'POST /api/v2/me/chats/:chatId': { kind: 'gws', weight: 3, valid: 0.3 },
  'POST /api/v2/chats': { kind: 'gws', weight: 1.5 },
  'POST /api/v2/chats/:id': { kind: 'gws', weight: 1.5, valid: 0.3 },
  'GET /api/v2/chats/:id': { kind: 'gws' },
  'GET /api/v2/chats/:id/messages': { kind: 'gws' },
  'POST /api/v2/users/:agentId/channels/:channel': { kind: 'gws' },
  'POST /api/v2/users/:agentId/chats/:chatId': { kind: 'gws', valid: 0.3 },
  'GET /parley/v1/supervision/audit': { kind: 'gws' },
  'GET /parley/v1/board': { kind: 'gws' },
  'GET /parley/v1/agents': { kind: 'gws' },
  'POST /api/v2/users': { kind: 'gws', weight: 0.15, valid: 0 },
  'GET /api/v2/users': { kind: 'gws' },
  'GET /api/v2/users/:userId': { kind: 'gws' },
  'PUT /api/v2/users/:userId': { kind: 'gws', weight: 0.5, valid: 0, victims: ['userId'] },
  'DELETE /api/v2/users/:userId': { kind: 'gws', weight: 0.5, victims: ['userId'] },
  'GET /parley/v1/contact-center': { kind: 'gws' },
  'POST /parley/v1/contact-center': { kind: 'gws', principals: 'not-admin-of-A' },
  'POST /parley/v1/contact-centers': { kind: 'gws', weight: 0.3, valid: 0 },
  'POST /parley/v1/me': { kind: 'gws', principals: 'minted' },
  // The docs UI (@fastify/swagger-ui, public): HTML, JavaScript, CSS, JSON and YAML.
  'GET /api/v2/docs': { kind: 'static', weight: 0.1 },
  'GET /api/v2/docs/json': { kind: 'document', weight: 0.1 },
  'GET /api/v2/docs/yaml': { kind: 'static', weight: 0.1 },
  'GET /api/v2/docs/static/*': { kind: 'static', weight: 0.2 },
  'GET /api/v2/docs/static/index.html': { kind: 'static', weight: 0.1 },
  'GET /api/v2/docs/static/swagger-initializer.js': { kind: 'static', weight: 0.1 },
  // The console (console/routes.ts, public): its pages and files, or the GWS 404.
  'GET /{console file}': { kind: 'static', weight: 0.2 },
  'POST /api/v2/notifications': { kind: 'bayeux' },
  'POST /api/v2/notifications/*': { kind: 'bayeux' },
};
