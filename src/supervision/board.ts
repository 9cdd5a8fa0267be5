/**
 * The supervisors' live board, as a snapshot (`GET /parley/v1/board`, README Supervision): every
 * agent of the contact center with its chat channel state and the chats it holds, and the chats
 * waiting for an agent. A board client rebuilds from it after a (re)connect, then applies the
 * `/parley/v1/board` events (board-events.ts); snapshot + events = a later snapshot.
 *
 * Four queries whatever the size of the contact center (no N+1): its users, its logged-in
 * channels, its open chats with their transcript times, the agents' live copies of those chats.
 */
import { hasRole } from '../accounts/roles.js';
import type { ChannelState } from '../agents/present.js';
import type { OpenChat, Store } from '../store/store.js';

/** Open chats a snapshot lists at most (a queue cap is 500 by default: README Configuration). */
const OPEN_CHATS_LIMIT = 5000;

export interface BoardChat {
  readonly id: string;
  readonly state: 'Invited' | 'Chatting';
  readonly queue: string;
  readonly startedAt: number;
  readonly lastAgentMessageAt: number | null;
  readonly lastCustomerMessageAt: number | null;
}

export interface BoardAgentView {
  readonly id: string;
  readonly userName: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly state: ChannelState;
  readonly chats: readonly BoardChat[];
}

export interface BoardQueued {
  readonly id: string;
  readonly queue: string;
  readonly waitingSince: number;
  readonly offeredTo?: string;
}

export interface BoardSnapshot {
  readonly agents: readonly BoardAgentView[];
  readonly queued: readonly BoardQueued[];
  readonly at: number;
}

export class Board {
  constructor(private readonly deps: { readonly store: Store; readonly now: () => number }) {}

  async snapshot(contactCenterId: string): Promise<BoardSnapshot> {
    const { store } = this.deps;
    const at = this.deps.now();
    const [users, channels, open, copies] = await Promise.all([
      store.users.listByContactCenter(contactCenterId),
      store.agentChannels.listForContactCenter(contactCenterId),
      store.chats.listOpen(contactCenterId, OPEN_CHATS_LIMIT),
      store.parties.listLiveAgentsOfOpenChats(contactCenterId),
    ]);
    const chats = new Map(open.map((o) => [o.chat.id, o]));
    const states = new Map(channels.filter((c) => c.channel === 'chat').map((c) => [c.userId, c.state]));
    const held = new Map<string, BoardChat[]>();
    const offeredTo = new Map<string, string>();
    for (const party of copies) {
      const o = chats.get(party.chatId);
      if (o === undefined || party.userId === null) continue;
      if (party.state !== 'Invited' && party.state !== 'Chatting') continue;
      if (party.state === 'Invited') offeredTo.set(party.chatId, party.userId);
      const list = held.get(party.userId) ?? [];
      list.push(boardChat(o, party.state));
      held.set(party.userId, list);
    }
    const agents = users
      .filter((u) => hasRole(u, 'ROLE_AGENT') || held.has(u.id))
      .map((u) => ({
        id: u.id,
        userName: u.userName,
        firstName: u.firstName,
        lastName: u.lastName,
        state: states.get(u.id) ?? ('LoggedOut' as const),
        chats: held.get(u.id) ?? [],
      }));
    const queued = open
      .filter((o) => o.chat.phase === 'Queued' || o.chat.phase === 'Offered')
      .map((o) => queuedChat(o, offeredTo.get(o.chat.id)));
    return { agents, queued, at };
  }
}

function boardChat({ chat, lastAgentMessageAt, lastCustomerMessageAt }: OpenChat, state: BoardChat['state']) {
  return {
    id: chat.id,
    state,
    queue: chat.queue,
    startedAt: chat.createdAt,
    lastAgentMessageAt,
    lastCustomerMessageAt,
  };
}

/** Waiting since the request, or since whoever handed it back last left (customer/timeouts.ts). */
function queuedChat({ chat, lastStaffMessageAt }: OpenChat, offeredTo: string | undefined): BoardQueued {
  const waitingSince = Math.max(chat.createdAt, lastStaffMessageAt ?? 0);
  return { id: chat.id, queue: chat.queue, waitingSince, ...(offeredTo ? { offeredTo } : {}) };
}
