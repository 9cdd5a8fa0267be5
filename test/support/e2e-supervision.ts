/**
 * Supervision calls for end-to-end tests (spec §2.1, §4.1), the customer's "ping" used as a
 * barrier (everything a party was sent before it has arrived once the ping has), and the one
 * fixture the API cannot make: an agent of a second contact center, written to the store.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { FEATURES } from '../../src/accounts/features.js';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import type { Customer, E2e, Party } from './e2e-chat.js';

/** spec §4.3: Monitor → Supervisors, Coach → Agents, BargeIn → All. */
export const MODE_VISIBILITY = { Monitor: 'Supervisors', Coach: 'Agents', BargeIn: 'All' } as const;
export type Mode = keyof typeof MODE_VISIBILITY;

/** `POST /api/v2/users/{agent}/channels/chat` (spec §4.1). */
export function monitor(supervisor: Party, agent: Party, body: object) {
  return supervisor.post(`/api/v2/users/${agent.id}/channels/chat`, body);
}

/** `POST /api/v2/users/{agent}/chats/{chatId}` Intrude (spec §2.1). */
export function intrude(supervisor: Party, agentId: string, chatId: string, body: object = {}) {
  return supervisor.post(`/api/v2/users/${agentId}/chats/${chatId}`, { operationName: 'Intrude', ...body });
}

/** The customer writes `text`; returns what each party received up to and including it. */
export async function customerSays(customer: Customer, text: string, ...parties: Party[]) {
  assert.equal((await customer.send({ operationName: 'SendMessage', text })).statusCode, 0);
  return Promise.all(
    parties.map((p) => p.until((d) => (d.messages ?? []).some((m) => m.text === text), `"${text}"`)),
  );
}

/**
 * The agent completes (with `body`, e.g. a queueName): Completed for it and Revoked for each
 * supervisor still in the chat (spec §4.5), both with only id, uri, path and state (spec §5.3).
 */
export async function completeChat(agent: Party, chatId: string, body: object, ...supervisors: Party[]) {
  const done = await agent.operate(chatId, { operationName: 'Complete', ...body });
  assert.equal(done.statusCode, 0, JSON.stringify(done));
  const uri = `${agent.e2e.url}/api/v2/chats/${chatId}`;
  const note = (state: string) => ({
    messageType: 'ChatStateChangeMessage',
    notificationType: 'StatusChange',
    chat: { id: chatId, uri, path: `/chats/${chatId}`, state },
    referenceId: done.referenceId,
  });
  assert.deepEqual(await agent.next(1, 'Completed'), [note('Completed')]);
  for (const s of supervisors) assert.deepEqual(await s.next(1, 'Revoked'), [note('Revoked')]);
}

/**
 * An agent of a second contact center. The API creates none (one contact center per server), so
 * it is written to the server's store from here, while the server runs (SQLite's WAL allows it).
 */
export async function agentOfAnotherContactCenter(e2e: E2e): Promise<string> {
  const store = await e2e.database.open();
  const now = Date.now();
  const contactCenterId = randomUUID();
  const userId = randomBytes(16).toString('hex');
  try {
    await store.transaction(async (tx) => {
      await tx.contactCenters.create({
        id: contactCenterId,
        name: 'Elsewhere',
        features: [...FEATURES],
        settings: DEFAULT_SETTINGS,
        createdAt: now,
      });
      await tx.users.create({
        id: userId,
        contactCenterId,
        userName: e2e.name('elsewhere'),
        passwordHash: 'not-a-login',
        firstName: 'Else',
        lastName: 'Where',
        roles: ['ROLE_AGENT'],
        enabled: true,
        createdAt: now,
        updatedAt: now,
      });
    });
  } finally {
    await store.close();
  }
  return userId;
}
