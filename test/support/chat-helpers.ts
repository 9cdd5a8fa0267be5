/** Small helpers for chat tests in process: notification capture, customers, agents, waiting. */
import assert from 'node:assert/strict';
import type { Delivery, Notification } from '../../src/notifications/bus.js';
import type { TestApp } from './app.js';
import { basic, createUser, json } from './app.js';

export type Data = Record<string, unknown> & {
  chat?: Record<string, unknown>;
  messages?: Record<string, unknown>[];
};

import { waitFor } from './cometd.js';

export { waitFor };

/** A delivery as its producer made it (the tests read what the bus carried). */
export function decoded(delivery: Delivery): Notification {
  const { data } = JSON.parse(delivery.message) as { data: unknown };
  return { userIds: delivery.userIds, channel: delivery.channel, data };
}

/** Records every notification; `of(userId)` gives that user's chat notifications. */
export class Recorder {
  readonly all: Notification[] = [];
  constructor(t: TestApp) {
    t.bus.subscribe((d) => this.all.push(decoded(d)));
  }
  of(userId: string, channel = '/v2/me/chats'): Data[] {
    return this.all
      .filter((n) => n.channel === channel && n.userIds.includes(userId))
      .map((n) => n.data as Data);
  }
  clear(): void {
    this.all.length = 0;
  }
}

export interface Agent {
  readonly id: string;
  readonly userName: string;
  readonly headers: { authorization: string };
}

export async function readyAgent(t: TestApp, userName: string, roles = ['ROLE_AGENT']): Promise<Agent> {
  const id = await createUser(t, userName, roles, 'agent-password');
  const headers = { authorization: basic(userName, 'agent-password') };
  const post = (url: string, payload: object) =>
    t.app.server.inject({ method: 'POST', url, headers, payload });
  assert.equal(
    json(await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] }))
      .statusCode,
    0,
  );
  assert.equal(json(await post('/api/v2/me/channels/chat', { operationName: 'Ready' })).statusCode, 0);
  return { id, userName, headers };
}

export async function requestChat(t: TestApp, nickname = 'Chris', extra: object = {}): Promise<string> {
  const response = await t.app.server.inject({
    method: 'POST',
    url: '/api/v2/chats',
    headers: { contactcenterid: t.contactCenterId },
    payload: { operationName: 'RequestChat', nickname, ...extra },
  });
  const body = json(response);
  assert.equal(body.statusCode, 0, response.body);
  return body.id as string;
}

export async function operate(t: TestApp, agent: Agent, chatId: string, payload: object) {
  return json(
    await t.app.server.inject({
      method: 'POST',
      url: `/api/v2/me/chats/${chatId}`,
      headers: agent.headers,
      payload,
    }),
  );
}

export async function customerChat(t: TestApp, token: string): Promise<Data> {
  const response = await t.app.server.inject({
    method: 'GET',
    url: `/api/v2/chats/${token}`,
    headers: { contactcenterid: t.contactCenterId },
  });
  return json(response).chat as Data;
}

/** Ids of the chats offered to (Invited) a user, in order. */
export function invitations(recorder: Recorder, userId: string): string[] {
  return recorder
    .of(userId)
    .filter((d) => d.notificationType === 'StatusChange' && d.chat?.state === 'Invited')
    .map((d) => d.chat?.id as string);
}

export async function supervisor(t: TestApp, userName: string): Promise<Agent> {
  const id = await createUser(t, userName, ['ROLE_SUPERVISOR'], 'super-password');
  return { id, userName, headers: { authorization: basic(userName, 'super-password') } };
}

export async function post(t: TestApp, who: Agent, url: string, payload: object) {
  return json(await t.app.server.inject({ method: 'POST', url, headers: who.headers, payload }));
}

/** A customer's chat accepted by `agent`; returns the interaction id and the customer's token. */
export async function acceptedChat(t: TestApp, rec: Recorder, agent: Agent, nickname = 'Chris') {
  const before = invitations(rec, agent.id).length;
  const token = await requestChat(t, nickname);
  await waitFor(() => invitations(rec, agent.id).length > before, 5000, 'an offer');
  const chatId = invitations(rec, agent.id).at(-1) ?? '';
  assert.equal(
    (await operate(t, agent, chatId, { operationName: 'Accept', nickname: agent.userName })).statusCode,
    0,
  );
  return { chatId, token };
}

/** What the customer's polling returns now (all messages from index 1) and its chat view. */
export async function customerView(t: TestApp, token: string) {
  const headers = { contactcenterid: t.contactCenterId };
  const chat = json(await t.app.server.inject({ method: 'GET', url: `/api/v2/chats/${token}`, headers }))
    .chat as Data;
  const messages = json(
    await t.app.server.inject({ method: 'GET', url: `/api/v2/chats/${token}/messages?index=1`, headers }),
  ).messages as Data[];
  return { chat, messages };
}

/** Monitor / Coach / BargeIn / CancelSupervisorMonitoring on an agent's chat channel. */
export function monitor(t: TestApp, who: Agent, agent: Agent, body: object) {
  return post(t, who, `/api/v2/users/${agent.id}/channels/chat`, body);
}

export function intrude(t: TestApp, who: Agent, agent: Agent, chatId: string, body: object = {}) {
  return post(t, who, `/api/v2/users/${agent.id}/chats/${chatId}`, { operationName: 'Intrude', ...body });
}

/** The participants of a chat notification as `nickname:visibility`. */
export function nicknames(d: Data | undefined): string[] {
  return ((d?.chat?.participants as Data[]) ?? []).map((p) => `${p.nickname}:${p.visibility}`);
}
