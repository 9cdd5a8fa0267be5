/**
 * A lane of the race suite: a contact center of its own (written through the store, tenants.ts)
 * with four agents Ready on chat and two supervisors, so that lanes run side by side without
 * routing one lane's chats to another's agents. Capacity 2 makes the capacity edge reachable
 * with four chats; offers never expire during a run (no sweep changes a chat under the checks).
 * Sessions are minted in the store (no scrypt per node); every request names its user by cookie.
 */
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import type { RaceDeployment, RaceRequest } from './race-deployment.js';
import { createContactCenter, createStoredUser, mintSession } from './tenants.js';

export const CAPACITY = 2;

export interface LaneUser {
  readonly id: string;
  readonly userName: string;
  readonly role: 'agent' | 'supervisor';
  readonly headers: Readonly<Record<string, string>>;
}

export interface Lane {
  readonly d: RaceDeployment;
  readonly index: number;
  readonly contactCenterId: string;
  readonly agents: readonly LaneUser[];
  readonly supervisors: readonly LaneUser[];
  user(id: string | null): LaneUser;
}

/** A request fired in a race, with a label for failure messages (`agent2 Accept`). */
export interface RaceOp extends RaceRequest {
  readonly label: string;
}

export async function buildLane(d: RaceDeployment, index: number): Promise<Lane> {
  const { store } = d;
  const contactCenterId = await createContactCenter(store, `race-lane-${index}`);
  await store.contactCenters.update(contactCenterId, {
    settings: { ...DEFAULT_SETTINGS, chatCapacity: CAPACITY, inviteTimeoutSeconds: 86_400 },
  });
  const make = async (name: string, role: LaneUser['role']): Promise<LaneUser> => {
    const roles = role === 'agent' ? (['ROLE_AGENT'] as const) : (['ROLE_SUPERVISOR'] as const);
    const user = await createStoredUser(store, contactCenterId, `${name}.l${index}`, roles, 'race-password');
    return {
      id: user.id,
      userName: user.userName,
      role,
      headers: { cookie: await mintSession(store, user.id) },
    };
  };
  const agents = await Promise.all([1, 2, 3, 4].map((i) => make(`agent${i}`, 'agent')));
  const supervisors = await Promise.all([1, 2].map((i) => make(`super${i}`, 'supervisor')));
  for (const agent of agents) {
    for (const [url, operationName] of [
      ['/api/v2/me', 'StartContactCenterSession'],
      ['/api/v2/me/channels/chat', 'Ready'],
    ] as const) {
      const payload = { operationName, ...(operationName === 'Ready' ? {} : { channels: ['chat'] }) };
      const answer = await d.send({ method: 'POST', url, headers: agent.headers, payload }, 'setup');
      assert.equal(answer.statusCode, 0, `${agent.userName} ${operationName}: ${answer.statusMessage}`);
    }
  }
  const byId = new Map([...agents, ...supervisors].map((u) => [u.id, u]));
  return {
    d,
    index,
    contactCenterId,
    agents,
    supervisors,
    user(id) {
      const user = id === null ? undefined : byId.get(id);
      if (!user) throw new Error(`user ${id} is not of lane ${index}`);
      return user;
    },
  };
}

/** An operation on the caller's own copy (`POST /api/v2/me/chats/{id}`). */
export function me(
  user: LaneUser,
  chatId: string,
  payload: { operationName: string; [key: string]: unknown },
): RaceOp {
  return {
    label: `${user.userName} ${payload.operationName}`,
    method: 'POST',
    url: `/api/v2/me/chats/${chatId}`,
    headers: user.headers,
    payload,
  };
}

export function intrude(supervisor: LaneUser, agent: LaneUser, chatId: string, mode: string): RaceOp {
  return {
    label: `${supervisor.userName} Intrude ${mode}`,
    method: 'POST',
    url: `/api/v2/users/${agent.id}/chats/${chatId}`,
    headers: supervisor.headers,
    payload: { operationName: 'Intrude', supervisorVisibilityMode: mode },
  };
}

/** The customer's operation on its chat (`POST /api/v2/chats/{token}`). */
export function customer(lane: Lane, token: string, operationName: string): RaceOp {
  return {
    label: `customer ${operationName}`,
    method: 'POST',
    url: `/api/v2/chats/${token}`,
    headers: { contactcenterid: lane.contactCenterId },
    payload: { operationName },
  };
}

/** Transfer, Invite or Consult of the chat to `target`, by its URI (the host is not checked). */
export function handOver(user: LaneUser, chatId: string, operationName: string, target: LaneUser): RaceOp {
  const targetUri = `http://parley.test/api/v2/users/${target.id}`;
  return {
    ...me(user, chatId, { operationName, targetUri }),
    label: `${user.userName} ${operationName} → ${target.userName}`,
  };
}
