/**
 * The live team board (README "The live board"): the snapshot of `GET /parley/v1/board` and the
 * `BoardUpdated` events of `/parley/v1/board` applied to it, in order, each giving a later
 * snapshot. Pure and DOM-free (unit-tested under test/web): every function returns a new board.
 * Events are idempotent, so replaying those received while the snapshot was fetched is safe.
 */
import { displayName } from '../lib/display-name.js';

export interface BoardChat {
  readonly id: string;
  /** The agent's copy: `Invited` (offered) or `Chatting`. */
  readonly state: string;
  readonly queue: string;
  readonly startedAt: number;
  readonly lastAgentMessageAt: number | null;
  readonly lastCustomerMessageAt: number | null;
}

export interface BoardAgent {
  readonly id: string;
  readonly userName: string;
  readonly firstName: string;
  readonly lastName: string;
  /** The chat channel's: `Ready`, `NotReady`, `LoggedOut`. */
  readonly state: string;
  readonly chats: readonly BoardChat[];
}

export interface QueuedChat {
  readonly id: string;
  readonly queue: string;
  readonly waitingSince: number;
  readonly offeredTo?: string;
}

/** What the board knows of a chat's times, kept while the chat is open (even between agents). */
export interface ChatTimes {
  readonly startedAt?: number;
  readonly lastAgentMessageAt: number | null;
  readonly lastCustomerMessageAt: number | null;
}

export interface Board {
  readonly agents: readonly BoardAgent[];
  readonly queued: readonly QueuedChat[];
  /** The server's clock when the snapshot was taken (ms since the epoch). */
  readonly at: number;
  readonly times: Readonly<Record<string, ChatTimes>>;
}

type Data = Record<string, unknown>;

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Data => (v !== null && typeof v === 'object' ? (v as Data) : {});
const list = (v: unknown): Data[] => (Array.isArray(v) ? v.map(obj) : []);

function chatOf(raw: Data): BoardChat {
  return {
    id: str(raw.id),
    state: str(raw.state, 'Invited'),
    queue: str(raw.queue, 'default'),
    startedAt: num(raw.startedAt) ?? 0,
    lastAgentMessageAt: num(raw.lastAgentMessageAt),
    lastCustomerMessageAt: num(raw.lastCustomerMessageAt),
  };
}

function agentOf(raw: Data, chats: readonly BoardChat[] = []): BoardAgent {
  return {
    id: str(raw.id),
    userName: str(raw.userName),
    firstName: str(raw.firstName),
    lastName: str(raw.lastName),
    state: str(raw.state, 'LoggedOut'),
    chats,
  };
}

/** The board of a `GET /parley/v1/board` answer's `board`. */
export function boardFromSnapshot(raw: unknown): Board {
  const board = obj(raw);
  const agents = list(board.agents).map((a) => agentOf(a, list(a.chats).map(chatOf)));
  const queued = list(board.queued).map((q) => {
    const offeredTo = typeof q.offeredTo === 'string' ? q.offeredTo : undefined;
    return {
      id: str(q.id),
      queue: str(q.queue, 'default'),
      waitingSince: num(q.waitingSince) ?? 0,
      ...(offeredTo ? { offeredTo } : {}),
    };
  });
  const times: Record<string, ChatTimes> = {};
  for (const agent of agents) for (const c of agent.chats) times[c.id] = timesOf(c);
  return { agents, queued, at: num(board.at) ?? 0, times };
}

const timesOf = (c: BoardChat): ChatTimes => ({
  startedAt: c.startedAt,
  lastAgentMessageAt: c.lastAgentMessageAt,
  lastCustomerMessageAt: c.lastCustomerMessageAt,
});

/** The agents with `change` applied to the one with `agentId` (none if unknown). */
function onAgent(board: Board, agentId: string, change: (a: BoardAgent) => BoardAgent) {
  return board.agents.map((a) => (a.id === agentId ? change(a) : a));
}

/** The agent's chats with `chat` in place of the one with its id (or added). */
function put(chats: readonly BoardChat[], chat: BoardChat): BoardChat[] {
  return chats.some((c) => c.id === chat.id)
    ? chats.map((c) => (c.id === chat.id ? chat : c))
    : [...chats, chat];
}

/** A chat as the board knows it, in `state`, from an Offered/Accepted event's `chat`. */
function known(board: Board, raw: Data, state: string): BoardChat {
  const id = str(raw.id);
  const t = board.times[id];
  return {
    id,
    state,
    queue: str(raw.queue, 'default'),
    startedAt: num(raw.startedAt) ?? t?.startedAt ?? 0,
    lastAgentMessageAt: t?.lastAgentMessageAt ?? null,
    lastCustomerMessageAt: t?.lastCustomerMessageAt ?? null,
  };
}

function withTimes(board: Board, id: string, t: ChatTimes): Board {
  return { ...board, times: { ...board.times, [id]: t } };
}

/** The board after one `BoardUpdated` event (README "The live board"); unknown events change nothing. */
export function applyBoardEvent(board: Board, data: Data): Board {
  const agentId = str(data.agentId);
  switch (data.notificationType) {
    case 'BoardChatQueued': {
      const chat = obj(data.chat);
      const entry = {
        id: str(chat.id),
        queue: str(chat.queue, 'default'),
        waitingSince: num(chat.waitingSince) ?? 0,
      };
      return { ...board, queued: [...board.queued.filter((q) => q.id !== entry.id), entry] };
    }
    case 'BoardChatOffered':
    case 'BoardChatAccepted': {
      const accepted = data.notificationType === 'BoardChatAccepted';
      const chat = known(board, obj(data.chat), accepted ? 'Chatting' : 'Invited');
      const queued = accepted
        ? board.queued.filter((q) => q.id !== chat.id)
        : board.queued.map((q) => (q.id === chat.id ? { ...q, offeredTo: agentId } : q));
      const agents = onAgent(board, agentId, (a) => ({ ...a, chats: put(a.chats, chat) }));
      return withTimes({ ...board, agents, queued }, chat.id, timesOf(chat));
    }
    case 'BoardChatReleased': {
      const id = str(data.chatId);
      const agents = onAgent(board, agentId, (a) => ({ ...a, chats: a.chats.filter((c) => c.id !== id) }));
      const queued = board.queued.map((q) => {
        if (q.id !== id || q.offeredTo !== agentId) return q;
        const { offeredTo: _cleared, ...rest } = q;
        return rest;
      });
      return { ...board, agents, queued };
    }
    case 'BoardChatEnded': {
      const id = str(data.chatId);
      const agents = board.agents.map((a) =>
        a.chats.some((c) => c.id === id) ? { ...a, chats: a.chats.filter((c) => c.id !== id) } : a,
      );
      const { [id]: _gone, ...times } = board.times;
      return { ...board, agents, queued: board.queued.filter((q) => q.id !== id), times };
    }
    case 'BoardChatMessages': {
      const id = str(data.chatId);
      const agent = num(data.lastAgentMessageAt);
      const customer = num(data.lastCustomerMessageAt);
      const update = <T extends ChatTimes>(c: T): T => ({
        ...c,
        ...(agent !== null ? { lastAgentMessageAt: agent } : {}),
        ...(customer !== null ? { lastCustomerMessageAt: customer } : {}),
      });
      const agents = board.agents.map((a) =>
        a.chats.some((c) => c.id === id)
          ? { ...a, chats: a.chats.map((c) => (c.id === id ? update(c) : c)) }
          : a,
      );
      const before = board.times[id] ?? { lastAgentMessageAt: null, lastCustomerMessageAt: null };
      return withTimes({ ...board, agents }, id, update(before));
    }
    case 'BoardAgentStateChanged': {
      const raw = obj(data.agent);
      const id = str(raw.id);
      const held = board.agents.find((a) => a.id === id);
      const agent = agentOf(raw, held?.chats ?? []);
      const agents = held ? board.agents.map((a) => (a.id === id ? agent : a)) : [...board.agents, agent];
      return { ...board, agents };
    }
    default:
      return board;
  }
}

/** The agents sorted by name (a stable order: rows never swap when a state changes). */
export function agentsByName(board: Board): BoardAgent[] {
  return [...board.agents].sort(
    (a, b) => displayName(a).localeCompare(displayName(b)) || a.id.localeCompare(b.id),
  );
}

/** The queued chats, longest waiting first. */
export function queuedByWait(board: Board): QueuedChat[] {
  return [...board.queued].sort((a, b) => a.waitingSince - b.waitingSince || a.id.localeCompare(b.id));
}

/**
 * Since when the customer of a chat has been waiting for an agent's reply: the last one it could
 * see, or the start of the chat while there is none.
 */
export function replyWait(chat: BoardChat): { since: number; replied: boolean } {
  return chat.lastAgentMessageAt === null
    ? { since: chat.startedAt, replied: false }
    : { since: chat.lastAgentMessageAt, replied: true };
}

/** The agent holding the chat (Chatting first, else offered). */
export function holderOf(board: Board, chatId: string): BoardAgent | undefined {
  const holding = board.agents.filter((a) => a.chats.some((c) => c.id === chatId));
  return holding.find((a) => a.chats.some((c) => c.id === chatId && c.state === 'Chatting')) ?? holding[0];
}
