/**
 * Every party's view after a round must agree with the store: each user's
 * `GET /api/v2/me/chats?fields=*` lists exactly the chats it holds an open copy of, each in that
 * copy's state, with the participants its role may see (spec §4.2/§4.3, restated here) and, while
 * Invited, exactly Accept and Reject; a user whose copy ended sees that final state on
 * `GET /api/v2/me/chats/{id}`; the customer's `GET /api/v2/chats/{token}` shows the chat's state
 * for the customer and only the participants visible to All.
 */
import type { Party, PartyRole } from '../../src/chats/model.js';
import type { LaneUser } from './race-lane.js';
import type { Round, Stored } from './race-round.js';
import { copyOf, openCopy } from './race-round.js';

type Json = Record<string, unknown>;

const SEES: Record<PartyRole, readonly string[]> = {
  customer: ['All'],
  agent: ['All', 'Agents'],
  supervisor: ['All', 'Agents', 'Supervisors'],
};
const MODE_VISIBILITY = { Monitor: 'Supervisors', Coach: 'Agents', BargeIn: 'All' } as const;

function visibilityOf(p: Party): string {
  if (p.role === 'supervisor' && p.mode) return MODE_VISIBILITY[p.mode];
  return p.via === 'Consult' ? 'Agents' : 'All';
}

/** The participant ids a role sees in a chat: the Chatting parties of a visibility it may see. */
function seenBy(role: PartyRole, parties: readonly Party[]): string[] {
  return parties
    .filter((p) => p.state === 'Chatting' && SEES[role].includes(visibilityOf(p)))
    .map((p) => p.participantId)
    .sort();
}

const ids = (participants: unknown) =>
  ((participants as Json[] | undefined) ?? []).map((p) => String(p.participantId)).sort();

/** What a user's chat list must hold, by chat id. */
function expectedList(user: LaneUser, stored: readonly Stored[]) {
  return stored
    .flatMap(({ chat, parties }) => {
      const copy = openCopy(parties, user.id);
      if (!copy) return [];
      const present = copy.state === 'Chatting' || copy.state === 'LeftChat';
      return [{ id: chat.id, state: copy.state, participants: present ? seenBy(user.role, parties) : [] }];
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The views of every user with a copy in the round's chats, and with
 * `everyone` those of the lane's other users too (their lists must be empty), and the customers'.
 */
export async function checkViews(round: Round, stored: readonly Stored[], everyone: boolean): Promise<void> {
  const { lane } = round;
  const involved = new Set(stored.flatMap((s) => s.parties.map((p) => p.userId)));
  const users = [...lane.agents, ...lane.supervisors].filter((u) => everyone || involved.has(u.id));
  await Promise.all([
    ...users.map((user) => checkUserViews(round, user, stored)),
    ...round.chats.map(async ({ chatId, token }) => {
      const { chat, parties } = stored.find((s) => s.chat.id === chatId) as Stored;
      const headers = { contactcenterid: lane.contactCenterId };
      const answer = await lane.d.send({ method: 'GET', url: `/api/v2/chats/${token}`, headers }, 'setup');
      const view = (answer.body.chat as Json | undefined) ?? {};
      const state =
        chat.phase === 'Ended' ? 'Idle' : chat.phase === 'Active' ? 'Chatting' : 'WaitingForAgent';
      await round.expect(
        view.state === state,
        `the customer sees ${String(view.state)} on a chat ${chat.phase}`,
      );
      const seen = JSON.stringify(ids(view.participants));
      const expected = JSON.stringify(seenBy('customer', parties));
      await round.expect(
        seen === expected,
        `the customer sees participants ${seen}, the store says ${expected}`,
      );
    }),
  ]);
}

async function checkUserViews(round: Round, user: LaneUser, stored: readonly Stored[]) {
  const { d } = round.lane;
  const headers = user.headers;
  const answer = await d.send({ method: 'GET', url: '/api/v2/me/chats?fields=*', headers }, 'setup');
  await round.expectCode(answer, [0], `${user.userName}'s chat list`);
  const chats = (answer.body.chats as Json[] | undefined) ?? [];
  const listed = chats
    .map((c) => ({ id: String(c.id), state: String(c.state), participants: ids(c.participants) }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const expected = expectedList(user, stored);
  await round.expect(
    JSON.stringify(listed) === JSON.stringify(expected),
    `${user.userName}'s chat list ${JSON.stringify(listed)} is not the store's ${JSON.stringify(expected)}`,
  );
  for (const c of chats.filter((c) => c.state === 'Invited')) {
    const capabilities = JSON.stringify(c.capabilities);
    await round.expect(
      capabilities === '["Accept","Reject"]',
      `${user.userName} Invited with ${capabilities}`,
    );
  }
  for (const { chat, parties } of stored) {
    const copy = copyOf(parties, user.id);
    if (!copy || openCopy(parties, user.id)) continue;
    const one = await d.send({ method: 'GET', url: `/api/v2/me/chats/${chat.id}`, headers }, 'setup');
    const state = (one.body.chat as Json | undefined)?.state;
    await round.expect(
      state === copy.state,
      `${user.userName} sees chat ${chat.id} ${state}, stored ${copy.state}`,
    );
  }
}
