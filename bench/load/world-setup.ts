/**
 * Builds the chat scenario's world through the public API only, as real clients would: agents and
 * supervisors created by the administrator, each logged in once with Basic (its JSESSIONID then
 * carries every later request and its CometD WebSocket session on `/v2/me/chats`); every
 * supervisor in Monitor mode (AllChats) on its share of the agents BEFORE any agent is Ready, so
 * that it joins each chat as the agent accepts; then the customers ask for chats through the
 * customer API and routing offers them to the Ready agents, who accept on the `Invited`
 * notification (parties.ts). Done when every chat is accepted and monitored.
 */
import type { WebSocket } from 'ws';
import { epochMs, sleep } from '../support/clock.js';
import { basicAuth, cookieAuth, inTurns, ok } from './gws-client.js';
import type { HistoryConfig } from './history.js';
import { openSession } from './session.js';
import { Tally } from './tally.js';

export interface WorldConfig {
  /** Where every REST call goes (set-up, Accept, Intrude). */
  readonly url: string;
  /** Where the CometD WebSocket sessions connect; `url` when absent (another node: scenarios/cluster.ts). */
  readonly sessionUrl?: string;
  readonly admin: { readonly userName: string; readonly password: string };
  readonly agents: number;
  readonly supervisors: number;
  readonly chats: number;
  readonly chatCapacity: number;
  /** When set, every chat gets this transcript once it is set up (history.ts; scenarios/growth.ts). */
  readonly history?: HistoryConfig;
}

export type Role = 'agent' | 'supervisor' | 'intruder';

export interface Party {
  readonly role: Role;
  readonly id: string;
  readonly userName: string;
  readonly cookie: string;
  /** Agents: the chats they accepted; supervisors: the chats they monitor. */
  readonly chatIds: Set<string>;
  socket?: WebSocket;
}

export interface World {
  readonly base: URL;
  readonly contactCenterId: string;
  readonly agents: readonly Party[];
  readonly supervisors: readonly Party[];
  readonly intruder: Party;
  /** The customers' chat tokens (spec §6.1), one per chat. */
  readonly customers: readonly string[];
}

export type OnNotification = (party: Party, data: Record<string, unknown>, receivedAt: number) => void;

const password = 'bench-party-password';

async function createParty(base: URL, config: WorldConfig, role: Role, userName: string): Promise<Party> {
  const admin = basicAuth(config.admin.userName, config.admin.password);
  const roles = role === 'agent' ? ['ROLE_AGENT'] : ['ROLE_SUPERVISOR'];
  const created = await ok(base, 'POST', '/api/v2/users', admin, { userName, password, roles });
  const login = await ok(base, 'GET', '/api/v2/me', basicAuth(userName, password));
  if (login.cookie === undefined) throw new Error(`${userName}: no JSESSIONID after the Basic login`);
  return { role, id: String(created.body.id), userName, cookie: login.cookie, chatIds: new Set() };
}

async function connect(base: URL, party: Party, onNotification: OnNotification): Promise<void> {
  party.socket = await openSession({
    url: `ws://${base.host}/api/v2/notifications`,
    headers: cookieAuth(party.cookie),
    channel: '/v2/me/chats',
    tally: new Tally(),
    timeoutMs: 30_000,
    onData: (data, receivedAt) => onNotification(party, data as Record<string, unknown>, receivedAt),
  });
}

async function until(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = epochMs() + timeoutMs;
  while (!done()) {
    if (epochMs() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await sleep(20);
  }
}

export async function buildWorld(config: WorldConfig, onNotification: OnNotification): Promise<World> {
  const base = new URL(config.url);
  const sessions = new URL(config.sessionUrl ?? config.url);
  const admin = basicAuth(config.admin.userName, config.admin.password);
  const me = await ok(base, 'GET', '/api/v2/me', admin);
  const contactCenterId = String((me.body.user as Record<string, unknown>).contactCenterId);
  // A world of thousands of chats set up at once, whose customers stay silent while the agents
  // send (P1): above the default queue cap (500 waiting) and customer idle timeout (5 minutes).
  const settings = {
    chatCapacity: config.chatCapacity,
    maxWaitingChats: 100_000,
    waitingTimeoutSeconds: 86_400,
    customerIdleTimeoutSeconds: 86_400,
  };
  await ok(base, 'POST', '/parley/v1/contact-center', admin, { operationName: 'UpdateSettings', settings });

  const specs: [Role, string][] = [
    ...Array.from({ length: config.agents }, (_, i): [Role, string] => ['agent', `bench-agent-${i}`]),
    ...Array.from({ length: config.supervisors }, (_, i): [Role, string] => [
      'supervisor',
      `bench-supervisor-${i}`,
    ]),
    ['intruder', 'bench-intruder'],
  ];
  const parties: Party[] = [];
  await inTurns(specs, 4, async ([role, userName]) => {
    const party = await createParty(base, config, role, userName);
    await connect(sessions, party, onNotification);
    parties.push(party);
  });
  const agents = parties.filter((party) => party.role === 'agent');
  const supervisors = parties.filter((party) => party.role === 'supervisor');
  const intruder = parties.find((party) => party.role === 'intruder')!;

  const monitor = { operationName: 'Monitor', supervisorMonitoringMode: 'AllChats' };
  await inTurns(agents, 8, async (agent, index) => {
    const supervisor = supervisors[index % supervisors.length]!;
    await ok(base, 'POST', `/api/v2/users/${agent.id}/channels/chat`, cookieAuth(supervisor.cookie), monitor);
  });
  await inTurns(agents, 8, async (agent) => {
    const headers = cookieAuth(agent.cookie);
    await ok(base, 'POST', '/api/v2/me', headers, {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    await ok(base, 'POST', '/api/v2/me/channels/chat', headers, { operationName: 'Ready' });
  });

  const customers: string[] = [];
  const customer = { contactcenterid: contactCenterId };
  await inTurns(
    Array.from({ length: config.chats }, (_, i) => i),
    16,
    async (index) => {
      const body = { operationName: 'RequestChat', nickname: `customer-${index}`, subject: 'bench' };
      customers.push(String((await ok(base, 'POST', '/api/v2/chats', customer, body)).body.id));
    },
  );
  const count = (list: readonly Party[]): number => list.reduce((sum, party) => sum + party.chatIds.size, 0);
  // The last Accepts follow the last RequestChat closely; a large world gets a little longer.
  await until(
    () => count(agents) === config.chats && count(supervisors) === config.chats,
    60_000 + config.chats * 10,
    () => `${config.chats} chats: ${count(agents)} accepted, ${count(supervisors)} monitored`,
  );
  return { base, contactCenterId, agents, supervisors, intruder, customers };
}
