/**
 * Who may do what: one row per route of the app's route table (route-table.ts), one cell per
 * principal (world.ts), each the GWS statusCode (spec §1.3) the cell must get. The HTTP status is
 * the catalog's mapping of that code (src/errors.ts) unless a cell names both. HEAD routes are
 * checked against their GET row (same HTTP status, no body).
 *
 * The table says what is *safe*, not what the server happens to do: the matrix test
 * (test/reliability/authorization-matrix.test.ts) fails on a route that has no row here, on a row
 * whose route is gone, and on every cell that differs.
 *
 * Every request works on tenant A's resources: `chat` is a fresh chat of A per route (accepted by
 * `agent`, joined by `supervisor` in Monitor mode; `agentNonMember` and `supervisorNonMember`
 * are A's users outside it); `other*` are contact center B's users; `customer` sends A's
 * ContactCenterId, `otherCustomer` B's, both with chat's customer token on customer routes.
 */
import { FEATURES } from '../../src/accounts/features.js';
import { createStoredUser, mintSession } from './tenants.js';
import type { TenantChat, PrincipalName, World } from './world.js';

/** A statusCode, or a statusCode with its HTTP status, or a whole-answer kind. */
export type Expect =
  | number
  | { readonly statusCode: number; readonly http: number }
  /** 200 with the OpenAPI document (not a GWS envelope). */
  | 'document'
  /** HTTP 204, empty body (CORS preflight). */
  | 'no-content'
  /** HTTP 200 with a page or file (the docs UI), not a GWS envelope. */
  | 'page'
  /** An HTTP redirect (3xx), no body. */
  | 'redirect'
  /** Bayeux: the handshake succeeds; another user's clientId is refused (session_user_mismatch). */
  | 'bayeux-session'
  /** Bayeux: as bayeux-session, and the clientId under test is this principal's own. */
  | 'bayeux-owner'
  /** Bayeux: the handshake is refused; with no credentials the clientId alone is the bearer. */
  | 'bayeux-refused';

export interface CellRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: unknown;
}

export interface Cell {
  readonly w: World;
  readonly chat: TenantChat;
  readonly principal: PrincipalName;
  /** Unique per cell, for names that must not collide. */
  readonly serial: number;
}

export interface RoutePolicy {
  readonly request: (cell: Cell) => CellRequest | Promise<CellRequest>;
  readonly expect: Readonly<Record<PrincipalName, Expect>>;
  /**
   * Run after every other row: a logout makes the app forget the user's verified Basic credentials
   * (app.ts endSession signals UserChanged), so the rows after it would pay a scrypt login each.
   */
  readonly last?: boolean;
  /** Strings the answer to these principals must not contain (beyond the cross-tenant check). */
  readonly mustNotContain?: (cell: Cell) => readonly string[];
}

/** Every principal the same. */
function all(expect: Expect): Record<PrincipalName, Expect> {
  return {
    anonymous: expect,
    customer: expect,
    otherCustomer: expect,
    agent: expect,
    agentNonMember: expect,
    supervisor: expect,
    supervisorNonMember: expect,
    admin: expect,
    otherAgent: expect,
    otherSupervisor: expect,
    otherAdmin: expect,
    disabledAgent: expect,
  };
}

/** No valid credentials: 20 (the customer headers are not credentials; a disabled user's cookie is not). */
const NOBODY = { anonymous: 20, customer: 20, otherCustomer: 20, disabledAgent: 20 } as const;

/** An agent's or supervisor's own copy of the chat (spec §1.1 `/me/chats/{id}`). */
const OWN_COPY = {
  ...NOBODY,
  agent: 0,
  agentNonMember: 6,
  supervisor: 0,
  supervisorNonMember: 6,
  admin: 5,
  otherAgent: 6,
  otherSupervisor: 6,
  otherAdmin: 5,
} as const;

/** The customer API (spec §6.1): the token and its own ContactCenterId; no header is 1. */
const CUSTOMER_CHAT = { ...all(1), customer: 0, otherCustomer: 6 } as const;

/** A's administrator only; B's administrator acts on B (own contact center, never A's). */
const ADMIN_OF_OWN = { ...all(5), ...NOBODY, admin: 0, otherAdmin: 0 } as const;

/** An administrator's action on one of A's users: B's administrator must not find it. */
const ADMIN_ON_USER_OF_A = { ...ADMIN_OF_OWN, otherAdmin: 6 } as const;

const AGENT_PRESENCE = {
  ...all(5),
  ...NOBODY,
  agent: 0,
  agentNonMember: 0,
  otherAgent: 0,
} as const;

/** The handshake succeeds for users; A1's clientId is used by everyone (see Expect). */
const BAYEUX: Record<PrincipalName, Expect> = {
  ...all('bayeux-session'),
  anonymous: 'bayeux-refused',
  customer: 'bayeux-refused',
  otherCustomer: 'bayeux-refused',
  disabledAgent: 'bayeux-refused',
  agent: 'bayeux-owner',
};

const op = (url: string, payload: unknown): CellRequest => ({ method: 'POST', url, payload });
const get = (url: string): CellRequest => ({ method: 'GET', url });

export const POLICY: Readonly<Record<string, RoutePolicy>> = {
  'GET /health/live': { request: () => get('/health/live'), expect: all(0) },
  'GET /health/ready': { request: () => get('/health/ready'), expect: all(0) },
  'GET /api/v2/diagnostics/version': { request: () => get('/api/v2/diagnostics/version'), expect: all(0) },
  'GET /api/v2/openapi.json': { request: () => get('/api/v2/openapi.json'), expect: all('document') },
  // The docs UI (@fastify/swagger-ui, app.ts): public pages and files.
  'GET /api/v2/docs': { request: () => get('/api/v2/docs'), expect: all('page') },
  'GET /api/v2/docs/json': { request: () => get('/api/v2/docs/json'), expect: all('document') },
  'GET /api/v2/docs/yaml': { request: () => get('/api/v2/docs/yaml'), expect: all('page') },
  'GET /api/v2/docs/static/*': {
    request: () => get('/api/v2/docs/static/swagger-ui.css'),
    expect: all('page'),
  },
  'GET /api/v2/docs/static/index.html': {
    request: () => get('/api/v2/docs/static/index.html'),
    expect: all('redirect'),
  },
  'GET /api/v2/docs/static/swagger-initializer.js': {
    request: () => get('/api/v2/docs/static/swagger-initializer.js'),
    expect: all('page'),
  },
  // The console (console/routes.ts): public pages and files; what they show comes from the API.
  'GET /{console file}': { request: () => get('/agent/'), expect: all('page') },
  // The CORS preflight (cors.ts) is public and carries nothing.
  'OPTIONS *': {
    request: () => ({
      method: 'OPTIONS',
      url: '/api/v2/me',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    }),
    expect: all('no-content'),
  },
  'GET /api/v2/me': {
    request: () => get('/api/v2/me'),
    expect: { ...all(0), ...NOBODY },
  },
  'POST /api/v2/me': {
    request: () => op('/api/v2/me', { operationName: 'NotReady' }),
    expect: AGENT_PRESENCE,
  },
  'POST /api/v2/me/channels/:channel': {
    request: () => op('/api/v2/me/channels/chat', { operationName: 'NotReady' }),
    expect: AGENT_PRESENCE,
  },
  'GET /api/v2/me/chats': {
    request: () => get('/api/v2/me/chats'),
    expect: { ...OWN_COPY, agentNonMember: 0, supervisorNonMember: 0, otherAgent: 0, otherSupervisor: 0 },
    // Everyone lists only the chats it holds a copy of.
    mustNotContain: ({ chat, principal }) =>
      principal === 'agent' || principal === 'supervisor' ? [] : [chat.chatId, chat.token],
  },
  'GET /api/v2/me/chats/:chatId': {
    request: ({ chat }) => get(`/api/v2/me/chats/${chat.chatId}`),
    expect: OWN_COPY,
  },
  'GET /api/v2/me/chats/:chatId/messages': {
    request: ({ chat }) => get(`/api/v2/me/chats/${chat.chatId}/messages`),
    expect: OWN_COPY,
  },
  'POST /api/v2/me/chats/:chatId': {
    request: ({ chat }) => op(`/api/v2/me/chats/${chat.chatId}`, { operationName: 'SetInFocus' }),
    expect: OWN_COPY,
  },
  'POST /api/v2/chats': {
    request: () => op('/api/v2/chats', { operationName: 'RequestChat', nickname: 'Matrix' }),
    expect: { ...all(1), customer: 0, otherCustomer: 0 },
  },
  'POST /api/v2/chats/:id': {
    request: ({ chat }) =>
      op(`/api/v2/chats/${chat.token}`, { operationName: 'SendStartTypingNotification' }),
    expect: CUSTOMER_CHAT,
  },
  'GET /api/v2/chats/:id': {
    request: ({ chat }) => get(`/api/v2/chats/${chat.token}`),
    expect: CUSTOMER_CHAT,
    // The Monitor supervisor is invisible to the customer (spec §4.2).
    mustNotContain: ({ w }) => [w.a.users.S1.id, w.a.users.S1.userName],
  },
  'GET /api/v2/chats/:id/messages': {
    request: ({ chat }) => get(`/api/v2/chats/${chat.token}/messages?index=1`),
    expect: CUSTOMER_CHAT,
    mustNotContain: ({ w }) => [w.a.users.S1.id, w.a.users.S1.userName],
  },
  'POST /api/v2/users/:agentId/channels/:channel': {
    request: ({ w }) =>
      op(`/api/v2/users/${w.a.users.A1.id}/channels/chat`, {
        operationName: 'Monitor',
        supervisorMonitoringMode: 'NextChat',
      }),
    expect: { ...all(5), ...NOBODY, supervisor: 0, supervisorNonMember: 0, otherSupervisor: 6 },
  },
  'POST /api/v2/users/:agentId/chats/:chatId': {
    request: ({ w, chat }) =>
      op(`/api/v2/users/${w.a.users.A1.id}/chats/${chat.chatId}`, {
        operationName: 'Intrude',
        supervisorVisibilityMode: 'Monitor',
      }),
    // `supervisor` is in the chat already; any supervisor of A may intrude, none of B.
    expect: { ...all(5), ...NOBODY, supervisor: 2, supervisorNonMember: 0, otherSupervisor: 6 },
  },
  'GET /parley/v1/supervision/audit': {
    // Filtered by A's chat: B's readers must get no entry of it (the cross-tenant check).
    request: ({ chat }) => get(`/parley/v1/supervision/audit?chatId=${chat.chatId}`),
    expect: { ...ADMIN_OF_OWN, supervisor: 0, supervisorNonMember: 0, otherSupervisor: 0 },
  },
  'GET /parley/v1/board': {
    // ROLE_SUPERVISOR only (not ROLE_ADMIN: README Supervision); B's supervisor gets B's board,
    // which must hold nothing of A (the cross-tenant check).
    request: () => get('/parley/v1/board'),
    expect: { ...all(5), ...NOBODY, supervisor: 0, supervisorNonMember: 0, otherSupervisor: 0 },
  },
  'GET /parley/v1/agents': {
    // The team directory: agents and supervisors of each contact center list their own agents
    // (B's callers must get nothing of A: the cross-tenant check); an administrator only is 5.
    request: () => get('/parley/v1/agents'),
    expect: {
      ...all(5),
      ...NOBODY,
      agent: 0,
      agentNonMember: 0,
      supervisor: 0,
      supervisorNonMember: 0,
      otherAgent: 0,
      otherSupervisor: 0,
    },
  },
  'POST /api/v2/users': {
    request: ({ serial }) =>
      op('/api/v2/users', {
        userName: `matrix.${serial}`,
        password: 'matrix-password',
        roles: ['ROLE_AGENT'],
      }),
    expect: ADMIN_OF_OWN,
  },
  'GET /api/v2/users': {
    request: () => get('/api/v2/users?fields=*'),
    expect: { ...ADMIN_OF_OWN, supervisor: 0, supervisorNonMember: 0, otherSupervisor: 0 },
  },
  'GET /api/v2/users/:userId': {
    request: ({ w }) => get(`/api/v2/users/${w.a.users.A2.id}`),
    expect: { ...ADMIN_ON_USER_OF_A, supervisor: 0, supervisorNonMember: 0, otherSupervisor: 6 },
  },
  'PUT /api/v2/users/:userId': {
    request: async ({ w, serial }) => ({
      method: 'PUT',
      url: `/api/v2/users/${(await victim(w, serial)).id}`,
      payload: { firstName: 'Renamed' },
    }),
    expect: ADMIN_ON_USER_OF_A,
  },
  'DELETE /api/v2/users/:userId': {
    request: async ({ w, serial }) => ({
      method: 'DELETE',
      url: `/api/v2/users/${(await victim(w, serial)).id}`,
    }),
    expect: ADMIN_ON_USER_OF_A,
  },
  // Only the home contact center's administrator creates contact centers (contact-centers/service.ts).
  'POST /parley/v1/contact-centers': {
    request: ({ serial }) =>
      op('/parley/v1/contact-centers', {
        name: `matrix-${serial}`,
        administrator: { userName: 'boss', password: 'boss-password' },
      }),
    expect: { ...ADMIN_OF_OWN, otherAdmin: 5 },
  },
  // Logout (auth/routes.ts): any user ends its own session — here one minted for the cell, so that
  // the session its Basic credentials opened lives on (else each next cell pays a scrypt login).
  'POST /parley/v1/me': {
    request: async ({ w, principal }) => {
      const userId = w.principals[principal].userId;
      const headers = userId ? { cookie: await mintSession(w.t.store, userId) } : undefined;
      return { ...op('/parley/v1/me', { operationName: 'Logout' }), ...(headers ? { headers } : {}) };
    },
    last: true,
    expect: { ...all(0), ...NOBODY },
  },
  'GET /parley/v1/contact-center': {
    request: () => get('/parley/v1/contact-center'),
    expect: ADMIN_OF_OWN,
  },
  'POST /parley/v1/contact-center': {
    request: () =>
      op('/parley/v1/contact-center', { operationName: 'EnableFeatures', features: [...FEATURES] }),
    expect: ADMIN_OF_OWN,
  },
  // Bayeux (spec §5.1): the handshake authenticates like REST; a session belongs to its user.
  'POST /api/v2/notifications': {
    request: () => op('/api/v2/notifications', [{ channel: '/meta/handshake', version: '1.0' }]),
    expect: BAYEUX,
  },
  'POST /api/v2/notifications/*': {
    request: () => op('/api/v2/notifications/handshake', [{ channel: '/meta/handshake', version: '1.0' }]),
    expect: BAYEUX,
  },
};

/** A throw-away agent of A for the cells that change or delete a user. */
function victim(w: World, serial: number) {
  return createStoredUser(w.t.store, w.a.id, `matrix.victim.${serial}`, ['ROLE_AGENT']);
}
