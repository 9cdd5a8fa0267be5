/**
 * What must hold in the store after every round of the race suite, whatever won (spec §3.2,
 * src/chats/lifecycle.ts; the rules are restated here, not imported, so the server's own code
 * does not grade itself):
 *
 *   one copy      a user holds at most one open copy (not Completed/Revoked) of a chat
 *   one offer     at most one open agent copy came by routing (a chat is offered once at a time)
 *   one customer  every chat has exactly one customer party
 *   phase         Queued: nobody but the customer is in it or invited;
 *                 Offered: no agent the customer sees is Chatting, an agent is Invited;
 *                 Active: an agent the customer sees is Chatting;
 *                 Ended: endedAt is set, no agent is still Invited (offers are withdrawn)
 *   watchers      a supervisor Invited or Chatting has an agent the customer sees Chatting
 *   capacity      no agent holds more copies (Invited, Chatting, LeftChat, JoinFailed) than
 *                 chatCapacity, and its load row counts exactly the copies it holds
 */
import type { Party } from '../../src/chats/model.js';
import { OPEN_STATES } from '../../src/chats/service.js';
import type { Lane } from './race-lane.js';
import { CAPACITY } from './race-lane.js';
import type { Round, Stored } from './race-round.js';

const FINAL = new Set<Party['state']>(['Completed', 'Revoked']);
const HOLDING = new Set<Party['state']>(['Invited', 'Chatting', 'LeftChat', 'JoinFailed']);

/** An agent the customer sees in the chat now (a consultant is seen by agents only). */
export const visibleAgent = (p: Party) => p.role === 'agent' && p.state === 'Chatting' && p.via !== 'Consult';

export async function checkChat(round: Round, { chat, parties }: Stored): Promise<void> {
  const at = `chat ${chat.id} (${chat.phase})`;
  const users = new Set(parties.flatMap((p) => (p.userId ? [p.userId] : [])));
  for (const userId of users) {
    const open = parties.filter((p) => p.userId === userId && !FINAL.has(p.state));
    await round.expect(
      open.length <= 1,
      `${at}: ${round.lane.user(userId).userName} holds ${open.length} open copies`,
    );
  }
  const routed = parties.filter((p) => p.role === 'agent' && p.via === 'Routing' && !FINAL.has(p.state));
  await round.expect(routed.length <= 1, `${at}: ${routed.length} open copies came by routing`);
  const customers = parties.filter((p) => p.role === 'customer');
  await round.expect(customers.length === 1, `${at}: ${customers.length} customer parties`);
  const present = parties.filter(visibleAgent);
  const invitedAgents = parties.filter((p) => p.role === 'agent' && p.state === 'Invited');
  const others = parties.filter((p) => p.role !== 'customer' && !FINAL.has(p.state));
  if (chat.phase === 'Queued')
    await round.expect(others.length === 0, `${at}: a queued chat has parties in it`);
  if (chat.phase === 'Offered') {
    await round.expect(present.length === 0, `${at}: an offered chat has an agent chatting`);
    await round.expect(invitedAgents.length > 0, `${at}: an offered chat is offered to nobody`);
  }
  if (chat.phase === 'Active') await round.expect(present.length > 0, `${at}: no agent the customer sees`);
  if (chat.phase === 'Ended') {
    await round.expect(chat.endedAt !== null, `${at}: ended without endedAt`);
    await round.expect(invitedAgents.length === 0, `${at}: an ended chat still offered to an agent`);
  }
  const watching = parties.filter(
    (p) => p.role === 'supervisor' && (p.state === 'Invited' || p.state === 'Chatting'),
  );
  await round.expect(
    watching.length === 0 || present.length > 0,
    `${at}: a supervisor stays with no agent in the chat (spec §4.5)`,
  );
}

/** Every agent of the lane: at most CAPACITY copies held, and its load row agrees. */
export async function checkCapacity(round: Round, expectEmpty = false): Promise<void> {
  const { lane } = round;
  const found = await Promise.all(
    lane.agents.map(async (agent) => ({
      agent,
      held: await heldBy(lane, agent.id),
      load: (await lane.d.store.agentLoad.get(agent.id))?.active ?? 0,
    })),
  );
  for (const { agent, held, load } of found) {
    const what = `${agent.userName} holds ${held.length} chat(s), load ${load}`;
    await round.expect(held.length <= CAPACITY, `${what}: over capacity ${CAPACITY}`);
    await round.expect(load === held.length, `${what}: the load row does not count its copies`);
    if (expectEmpty) await round.expect(held.length === 0, `${what} after every chat was closed`);
  }
}

/** The agent copies `userId` holds a slot with, over every chat of the store. */
async function heldBy(lane: Lane, userId: string): Promise<Party[]> {
  const parties = await lane.d.store.parties.listForUserChats(userId, OPEN_STATES);
  return parties.filter((p) => p.userId === userId && p.role === 'agent' && HOLDING.has(p.state));
}
