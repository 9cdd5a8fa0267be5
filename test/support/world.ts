/**
 * A two-tenant cast for the reliability suites: contact center A (the bootstrapped one) with an
 * administrator, two agents and two supervisors, and contact center B (written through the
 * store, tenants.ts) with its own administrator, agent and supervisor. `freshChat()` makes a chat
 * of A that agent A1 accepted and supervisor S1 joined (Intrude, Monitor, Accept): A2 and S2 are
 * the same tenant's non-members, B's users another tenant's.
 *
 * Everyone logs in once here, in parallel (scrypt is paid at setup, not per request); cookie
 * sessions are opened for A's agent, supervisor and administrator.
 */
import assert from 'node:assert/strict';
import type { TestApp } from './app.js';
import { ADMIN, adminAuth, basic, cookieFrom, json } from './app.js';
import { invitations, Recorder } from './chat-helpers.js';
import type { StoredUser } from './tenants.js';
import { createContactCenter, createStoredUser, mintSession } from './tenants.js';
import { waitFor } from './wait.js';

export const PRINCIPALS = [
  'anonymous',
  'customer',
  'otherCustomer',
  'agent',
  'agentNonMember',
  'supervisor',
  'supervisorNonMember',
  'admin',
  'otherAgent',
  'otherSupervisor',
  'otherAdmin',
  'disabledAgent',
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

export interface Principal {
  readonly name: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The user behind the credentials, if any. */
  readonly userId?: string;
  readonly tenant: 'A' | 'B' | 'none';
}

export interface TenantChat {
  /** The interaction id agents and supervisors see. */
  readonly chatId: string;
  /** The customer's token (`/api/v2/chats/{token}`). */
  readonly token: string;
}

export interface World {
  readonly t: TestApp;
  readonly rec: Recorder;
  readonly a: {
    readonly id: string;
    readonly users: Readonly<Record<'A1' | 'A2' | 'S1' | 'S2', StoredUser>>;
  };
  readonly b: {
    readonly id: string;
    readonly users: Readonly<Record<'admin' | 'agent' | 'sup', StoredUser>>;
    /** A chat of B, accepted by B's agent and monitored by B's supervisor. */
    readonly chat: TenantChat;
  };
  readonly principals: Readonly<Record<PrincipalName, Principal>>;
  /** Cookie sessions of A1, S1 and A's administrator (the same people as `agent`, …). */
  readonly cookies: Readonly<Record<'agent' | 'supervisor' | 'admin', Principal>>;
  freshChat(): Promise<TenantChat>;
  /**
   * Identifiers of a tenant (its id, its users' ids and names, its chats' ids and tokens): none may
   * reach a principal of another tenant, or no tenant, unless its own request named it.
   */
  secretsOf(tenant: 'A' | 'B'): string[];
  /** Presence and subscriptions back to the starting point (A1 Ready, A2 NotReady, no monitoring). */
  reset(): Promise<void>;
}

async function inject(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  headers: object,
  payload?: object,
) {
  return t.app.server.inject({ method, url, headers: { ...headers }, ...(payload ? { payload } : {}) });
}

async function ok(t: TestApp, url: string, headers: object, payload: object): Promise<void> {
  const response = await inject(t, 'POST', url, headers, payload);
  assert.equal(json(response).statusCode, 0, `${url} ${JSON.stringify(payload)}: ${response.body}`);
}

async function cookieOf(t: TestApp, authorization: string): Promise<string> {
  return cookieFrom(await inject(t, 'GET', '/api/v2/me', { authorization }));
}

export async function buildWorld(t: TestApp): Promise<World> {
  const rec = new Recorder(t);
  const A = t.contactCenterId;
  const B = await createContactCenter(t.store, 'Elsewhere');
  const mk = (cc: string, name: string, roles: Parameters<typeof createStoredUser>[3]) =>
    createStoredUser(t.store, cc, name, roles);
  const [A1, A2, S1, S2, adminB, agentB, supB, gone] = await Promise.all([
    mk(A, 'a.agent.member', ['ROLE_AGENT']),
    mk(A, 'a.agent.other', ['ROLE_AGENT']),
    mk(A, 'a.sup.member', ['ROLE_SUPERVISOR']),
    mk(A, 'a.sup.other', ['ROLE_SUPERVISOR']),
    mk(B, 'b.admin', ['ROLE_ADMIN']),
    mk(B, 'b.agent', ['ROLE_AGENT']),
    mk(B, 'b.sup', ['ROLE_SUPERVISOR']),
    mk(A, 'a.agent.disabled', ['ROLE_AGENT']),
  ]);
  const user = (name: string, u: StoredUser, tenant: 'A' | 'B'): Principal => ({
    name,
    headers: { authorization: u.authorization },
    userId: u.id,
    tenant,
  });
  const adminUser = await t.store.users.getByUserName(ADMIN.userName);
  const principals: Record<PrincipalName, Principal> = {
    anonymous: { name: 'anonymous', headers: {}, tenant: 'none' },
    customer: { name: 'customer', headers: { contactcenterid: A }, tenant: 'A' },
    otherCustomer: { name: 'otherCustomer', headers: { contactcenterid: B }, tenant: 'B' },
    agent: user('agent', A1, 'A'),
    agentNonMember: user('agentNonMember', A2, 'A'),
    supervisor: user('supervisor', S1, 'A'),
    supervisorNonMember: user('supervisorNonMember', S2, 'A'),
    admin: { name: 'admin', headers: adminAuth, ...(adminUser ? { userId: adminUser.id } : {}), tenant: 'A' },
    otherAgent: user('otherAgent', agentB, 'B'),
    otherSupervisor: user('otherSupervisor', supB, 'B'),
    otherAdmin: user('otherAdmin', adminB, 'B'),
    disabledAgent: await disabled(t, gone),
  };
  // Every login once, side by side: scrypt (~0.5 s a check at the current cost) runs on the thread pool.
  await Promise.all(
    [A1, A2, S1, S2, adminB, agentB, supB].map((u) =>
      inject(t, 'GET', '/api/v2/me', { authorization: u.authorization }),
    ),
  );
  // A's capacity is raised so that the chats other cells create never crowd out the next freshChat.
  await ok(t, '/parley/v1/contact-center', adminAuth, {
    operationName: 'UpdateSettings',
    settings: { chatCapacity: 100 },
  });
  for (const who of [A1, A2, agentB]) {
    await ok(
      t,
      '/api/v2/me',
      { authorization: who.authorization },
      {
        operationName: 'StartContactCenterSession',
        channels: ['chat'],
      },
    );
  }
  // A session of its own, not the one the user's Basic credentials open: a Logout or an
  // EndContactCenterSession sent with Basic ends that one, and must leave these cookies alive.
  const cookie = async (name: string, u: { authorization: string; id?: string }): Promise<Principal> => ({
    name,
    headers: { cookie: u.id ? await mintSession(t.store, u.id) : await cookieOf(t, u.authorization) },
    ...(u.id ? { userId: u.id } : {}),
    tenant: 'A',
  });
  const cookies = {
    agent: await cookie('agentCookie', A1),
    supervisor: await cookie('supervisorCookie', S1),
    admin: await cookie('adminCookie', {
      authorization: basic(ADMIN.userName, ADMIN.password),
      ...(adminUser ? { id: adminUser.id } : {}),
    }),
  };

  const chatsOfA: TenantChat[] = [];
  const reset = async () => {
    await ok(t, '/api/v2/me/channels/chat', { authorization: A1.authorization }, { operationName: 'Ready' });
    await ok(
      t,
      '/api/v2/me/channels/chat',
      { authorization: A2.authorization },
      { operationName: 'NotReady' },
    );
    for (const sup of [S1, S2]) {
      // 0 or 2 (nothing to cancel): either way no subscription is left.
      await inject(
        t,
        'POST',
        `/api/v2/users/${A1.id}/channels/chat`,
        { authorization: sup.authorization },
        {
          operationName: 'CancelSupervisorMonitoring',
        },
      );
    }
  };

  const freshChat = async (): Promise<TenantChat> => {
    const response = await inject(
      t,
      'POST',
      '/api/v2/chats',
      { contactcenterid: A },
      {
        operationName: 'RequestChat',
        nickname: 'Casey',
      },
    );
    const token = json(response).id as string;
    const { chat } = await t.app.customers.find(A, token);
    await waitFor(() => invitations(rec, A1.id).includes(chat.id), 5000, 'the offer to A1');
    await ok(
      t,
      `/api/v2/me/chats/${chat.id}`,
      { authorization: A1.authorization },
      {
        operationName: 'Accept',
      },
    );
    await ok(
      t,
      `/api/v2/users/${A1.id}/chats/${chat.id}`,
      { authorization: S1.authorization },
      {
        operationName: 'Intrude',
        supervisorVisibilityMode: 'Monitor',
      },
    );
    await ok(
      t,
      `/api/v2/me/chats/${chat.id}`,
      { authorization: S1.authorization },
      { operationName: 'Accept' },
    );
    chatsOfA.push({ chatId: chat.id, token });
    return { chatId: chat.id, token };
  };

  await reset();
  const chatOfB = await acceptedChatOfB(t, rec, B, agentB, supB);
  const secretsOf = (tenant: 'A' | 'B'): string[] => {
    if (tenant === 'B') {
      const users = [adminB, agentB, supB].flatMap((u) => [u.id, u.userName]);
      return [B, ...users, chatOfB.chatId, chatOfB.token];
    }
    // The bootstrap administrator's name ("admin") is left out: it is in every "administrator".
    const users = [A1, A2, S1, S2, gone].flatMap((u) => [u.id, u.userName]);
    const chats = chatsOfA.flatMap((c) => [c.chatId, c.token]);
    return [A, ...users, ...(adminUser ? [adminUser.id] : []), ...chats];
  };
  return {
    t,
    rec,
    a: { id: A, users: { A1, A2, S1, S2 } },
    b: { id: B, users: { admin: adminB, agent: agentB, sup: supB }, chat: chatOfB },
    principals,
    cookies,
    freshChat,
    secretsOf,
    reset,
  };
}

/** An agent whose cookie session was opened while enabled, then disabled by the administrator. */
async function disabled(t: TestApp, u: StoredUser): Promise<Principal> {
  const cookie = await cookieOf(t, u.authorization);
  const response = await inject(t, 'PUT', `/api/v2/users/${u.id}`, adminAuth, { enabled: false });
  assert.equal(json(response).statusCode, 0, response.body);
  return { name: 'disabledAgent', headers: { cookie }, userId: u.id, tenant: 'A' };
}

/** B's own activity: its supervisor monitors its agent, who accepts a chat (audit entries of B). */
async function acceptedChatOfB(
  t: TestApp,
  rec: Recorder,
  B: string,
  agent: StoredUser,
  sup: StoredUser,
): Promise<TenantChat> {
  await ok(t, '/api/v2/me/channels/chat', { authorization: agent.authorization }, { operationName: 'Ready' });
  await ok(
    t,
    `/api/v2/users/${agent.id}/channels/chat`,
    { authorization: sup.authorization },
    {
      operationName: 'Monitor',
      supervisorMonitoringMode: 'AllChats',
    },
  );
  const response = await inject(
    t,
    'POST',
    '/api/v2/chats',
    { contactcenterid: B },
    {
      operationName: 'RequestChat',
      nickname: 'Bea',
    },
  );
  const token = json(response).id as string;
  const { chat } = await t.app.customers.find(B, token);
  await waitFor(() => invitations(rec, agent.id).includes(chat.id), 5000, "the offer to B's agent");
  await ok(
    t,
    `/api/v2/me/chats/${chat.id}`,
    { authorization: agent.authorization },
    { operationName: 'Accept' },
  );
  // Back to NotReady: the chats B's customers ask for in the matrix wait in B's queue.
  await ok(
    t,
    '/api/v2/me/channels/chat',
    { authorization: agent.authorization },
    { operationName: 'NotReady' },
  );
  return { chatId: chat.id, token };
}
