/**
 * Cells the route × principal matrix (authorization-policy.ts) cannot name, because the attack is
 * in the identifiers rather than in who calls: one tenant's or one party's id used where another's
 * belongs. Each probe is one request and the safe answer (a GWS statusCode, spec §1.3). The ones
 * that would change data if they were let through come last.
 */
import { basic } from './app.js';
import type { CellRequest, Expect } from './authorization-policy.js';
import type { PrincipalName, TenantChat, World } from './world.js';

export interface Probe {
  readonly name: string;
  readonly who: PrincipalName;
  readonly request: (w: World, chat: TenantChat) => CellRequest;
  readonly expect: Expect;
}

const userUri = (id: string) => `http://127.0.0.1/api/v2/users/${id}`;

export const PROBES: readonly Probe[] = [
  {
    name: "a customer names the chat by the agents' interaction id instead of its token",
    who: 'customer',
    request: (_w, chat) => ({ method: 'GET', url: `/api/v2/chats/${chat.chatId}` }),
    expect: 6,
  },
  {
    name: "an agent names its own chat by the customer's token",
    who: 'agent',
    request: (_w, chat) => ({ method: 'GET', url: `/api/v2/me/chats/${chat.token}` }),
    expect: 6,
  },
  {
    name: "a customer names A's chat with a ContactCenterId nobody has",
    who: 'anonymous',
    request: (_w, chat) => ({
      method: 'GET',
      url: `/api/v2/chats/${chat.token}`,
      headers: { contactcenterid: '00000000-0000-4000-8000-000000000000' },
    }),
    expect: 6,
  },
  {
    name: "B's customer reads B's chat with A's ContactCenterId",
    who: 'customer',
    request: (w) => ({ method: 'GET', url: `/api/v2/chats/${w.b.chat.token}` }),
    expect: 6,
  },
  {
    name: 'a supervisor intrudes naming an agent of A who does not hold the chat',
    who: 'supervisorNonMember',
    request: (w, chat) => ({
      method: 'POST',
      url: `/api/v2/users/${w.a.users.A2.id}/chats/${chat.chatId}`,
      payload: { operationName: 'Intrude', supervisorVisibilityMode: 'Monitor' },
    }),
    expect: 6,
  },
  {
    name: "A's supervisor intrudes into B's chat through B's agent",
    who: 'supervisorNonMember',
    request: (w) => ({
      method: 'POST',
      url: `/api/v2/users/${w.b.users.agent.id}/chats/${w.b.chat.chatId}`,
      payload: { operationName: 'Intrude', supervisorVisibilityMode: 'Monitor' },
    }),
    expect: 6,
  },
  {
    name: "A's supervisor monitors B's agent",
    who: 'supervisorNonMember',
    request: (w) => ({
      method: 'POST',
      url: `/api/v2/users/${w.b.users.agent.id}/channels/chat`,
      payload: { operationName: 'Monitor', supervisorMonitoringMode: 'AllChats' },
    }),
    expect: 6,
  },
  {
    name: 'a supervisor monitors another supervisor',
    who: 'supervisorNonMember',
    request: (w) => ({
      method: 'POST',
      url: `/api/v2/users/${w.a.users.S1.id}/channels/chat`,
      payload: { operationName: 'Monitor', supervisorMonitoringMode: 'AllChats' },
    }),
    expect: 6,
  },
  {
    name: "A's supervisor reads B's user",
    who: 'supervisor',
    request: (w) => ({ method: 'GET', url: `/api/v2/users/${w.b.users.agent.id}` }),
    expect: 6,
  },
  {
    name: "A's supervisor reads the audit of B's supervisor",
    who: 'supervisor',
    request: (w) => ({ method: 'GET', url: `/parley/v1/supervision/audit?supervisorId=${w.b.users.sup.id}` }),
    expect: 0,
  },
  {
    name: "B's agent logs in naming A's contact center (its own password)",
    who: 'anonymous',
    request: (w) => ({
      method: 'GET',
      url: '/api/v2/me',
      headers: { authorization: basic(`${w.b.users.agent.userName}@${w.a.id}`, w.b.users.agent.password) },
    }),
    expect: 20,
  },
  {
    name: "A's agent logs in naming B's contact center (its own password)",
    who: 'anonymous',
    request: (w) => ({
      method: 'GET',
      url: '/api/v2/me',
      headers: { authorization: basic(`${w.a.users.A1.userName}@${w.b.id}`, w.a.users.A1.password) },
    }),
    expect: 20,
  },
  {
    name: "a non-member agent accepts A's chat",
    who: 'agentNonMember',
    request: (_w, chat) => ({
      method: 'POST',
      url: `/api/v2/me/chats/${chat.chatId}`,
      payload: { operationName: 'Accept' },
    }),
    expect: 6,
  },
  {
    name: "B's agent sends a message into A's chat",
    who: 'otherAgent',
    request: (_w, chat) => ({
      method: 'POST',
      url: `/api/v2/me/chats/${chat.chatId}`,
      payload: { operationName: 'SendMessage', text: 'from B' },
    }),
    expect: 6,
  },
  {
    name: "an agent of A invites B's agent into its chat",
    who: 'agent',
    request: (w, chat) => ({
      method: 'POST',
      url: `/api/v2/me/chats/${chat.chatId}`,
      payload: { operationName: 'Invite', targetUri: userUri(w.b.users.agent.id) },
    }),
    expect: 6,
  },
  {
    name: "A's administrator renames B's user",
    who: 'admin',
    request: (w) => ({
      method: 'PUT',
      url: `/api/v2/users/${w.b.users.agent.id}`,
      payload: { firstName: 'Owned' },
    }),
    expect: 6,
  },
  {
    name: "B's customer completes A's chat",
    who: 'otherCustomer',
    request: (_w, chat) => ({
      method: 'POST',
      url: `/api/v2/chats/${chat.token}`,
      payload: { operationName: 'Complete' },
    }),
    expect: 6,
  },
  {
    name: "B's administrator disables A's agent",
    who: 'otherAdmin',
    request: (w) => ({ method: 'PUT', url: `/api/v2/users/${w.a.users.A1.id}`, payload: { enabled: false } }),
    expect: 6,
  },
  {
    name: "A's administrator deletes B's supervisor",
    who: 'admin',
    request: (w) => ({ method: 'DELETE', url: `/api/v2/users/${w.b.users.sup.id}` }),
    expect: 6,
  },
];
