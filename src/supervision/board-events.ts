/**
 * The supervisors' live board (README Supervision): what a commit changes on it, derived in this
 * one place from the commit's own outcome — the chat before and after, the parties it changed,
 * the messages it appended — and addressed to the audience "supervisors of the chat's contact
 * center" (notifications/bus.ts), whom every node's hub resolves against the sessions it holds:
 * no query per commit. The engine (chats/engine.ts), RequestChat (customer/service.ts) and
 * presence (agents/presence.ts) add these to the announcement of the same commit, so they leave
 * after it, in the chat's version order, on the bus every other notification takes.
 *
 * Events (`messageType: "BoardUpdated"`), each serialised once per commit:
 *
 *   the chat starts waiting for an agent            BoardChatQueued    {chat:{id,queue,waitingSince}}
 *     (requested, handed back to a queue, transferred to an agent: phase Queued or Offered)
 *   chat phase → Ended                              BoardChatEnded     {chatId}
 *   an agent's copy → Invited                       BoardChatOffered   {chat:{id,queue,startedAt},agentId}
 *   an agent's copy → Chatting                      BoardChatAccepted  {chat:{id,queue,startedAt},agentId}
 *   an agent's copy Invited/Chatting → anything else BoardChatReleased  {chatId,agentId}
 *   a Text/PushUrl the customer can see             BoardChatMessages  {chatId,lastAgentMessageAt?,lastCustomerMessageAt?}
 *   an agent's chat channel state                   BoardAgentStateChanged {agent:{id,userName,firstName,lastName,state}}
 *
 * Applied to the snapshot (board.ts) in order they give the next snapshot: Queued adds the chat to
 * `queued`; Offered adds it to the agent's `chats` (state Invited) and, when queued, sets its
 * `offeredTo`; Accepted makes it Chatting there and takes it out of `queued`; Released takes it off
 * that agent (and clears `offeredTo`); Ended takes it off everywhere; Messages updates the chat's
 * times wherever it appears. Party changes are not told of a chat that ended in the same commit.
 */
import type { ChatPhase, ChatSnapshot, Message, Party } from '../chats/model.js';
import type { Notification } from '../notifications/bus.js';
import { supervisorsOf } from '../notifications/bus.js';
import { BOARD_CHANNEL } from '../bayeux/channel.js';
import { waitingSince } from '../customer/timeouts.js';
import type { ChannelState } from '../agents/present.js';

export { BOARD_CHANNEL };

export interface BoardChange {
  /** Undefined for a chat this commit created (RequestChat). */
  readonly before: ChatSnapshot | undefined;
  readonly after: ChatSnapshot;
  /** The parties the commit changed or added (Outcome.parties). */
  readonly changed: readonly Party[];
  /** The messages the commit appended. */
  readonly messages: readonly Message[];
}

/** Waiting for an agent, as the customer sees it (WaitingForAgent): queued, or offered. */
const waits = (phase: ChatPhase) => phase === 'Queued' || phase === 'Offered';
const live = (p: Party | undefined) => p !== undefined && (p.state === 'Invited' || p.state === 'Chatting');

/** The board notifications of one chat commit; none for most (a typing event, a whisper…). */
export function boardNotifications({ before, after, changed, messages }: BoardChange): Notification[] {
  const { chat } = after;
  const events: object[] = [];
  const phaseBefore = before?.chat.phase;
  if (chat.phase === 'Ended') {
    if (phaseBefore !== 'Ended') events.push({ notificationType: 'BoardChatEnded', chatId: chat.id });
  } else {
    if (waits(chat.phase) && (phaseBefore === undefined || !waits(phaseBefore))) {
      const since = waitingSince(after, messages) ?? chat.createdAt;
      events.push({
        notificationType: 'BoardChatQueued',
        chat: { id: chat.id, queue: chat.queue, waitingSince: since },
      });
    }
    for (const party of changed) events.push(...partyEvents(before, after, party));
    const times = messageTimes(after, messages);
    if (times !== undefined)
      events.push({ notificationType: 'BoardChatMessages', chatId: chat.id, ...times });
  }
  return events.map((event) => boardNotification(chat.contactCenterId, event));
}

function partyEvents(before: ChatSnapshot | undefined, after: ChatSnapshot, party: Party): object[] {
  if (party.role !== 'agent' || party.userId === null) return [];
  const previous = before?.parties.find((p) => p.participantId === party.participantId);
  if (previous?.state === party.state) return [];
  const { id, queue, createdAt } = after.chat;
  const chat = { id, queue, startedAt: createdAt };
  const agentId = party.userId;
  if (party.state === 'Invited') return [{ notificationType: 'BoardChatOffered', chat, agentId }];
  if (party.state === 'Chatting') return [{ notificationType: 'BoardChatAccepted', chat, agentId }];
  if (live(previous)) return [{ notificationType: 'BoardChatReleased', chatId: id, agentId }];
  return [];
}

/** Message types that answer or ask: what "waiting since the last agent reply" is measured by. */
const REPLIES: ReadonlySet<Message['type']> = new Set(['Text', 'PushUrl']);

/**
 * The latest reply the customer could see from anyone but the customer (an agent, a BargeIn
 * supervisor), and the customer's latest text, among `messages`; undefined when neither.
 */
export function messageTimes(
  { parties }: ChatSnapshot,
  messages: readonly Message[],
): { lastAgentMessageAt?: number; lastCustomerMessageAt?: number } | undefined {
  let agent: number | undefined;
  let customer: number | undefined;
  for (const m of messages) {
    if (!REPLIES.has(m.type) || m.visibility !== 'All') continue;
    const role = parties.find((p) => p.participantId === m.from)?.role;
    if (role === 'customer') customer = Math.max(customer ?? 0, m.createdAt);
    else if (role !== undefined) agent = Math.max(agent ?? 0, m.createdAt);
  }
  if (agent === undefined && customer === undefined) return undefined;
  return {
    ...(agent === undefined ? {} : { lastAgentMessageAt: agent }),
    ...(customer === undefined ? {} : { lastCustomerMessageAt: customer }),
  };
}

export interface BoardAgent {
  readonly id: string;
  readonly userName: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** An agent's chat channel changed state (agents/presence.ts). */
export function agentStateNotification(
  contactCenterId: string,
  agent: BoardAgent,
  state: ChannelState,
): Notification {
  const { id, userName, firstName, lastName } = agent;
  return boardNotification(contactCenterId, {
    notificationType: 'BoardAgentStateChanged',
    agent: { id, userName, firstName, lastName, state },
  });
}

function boardNotification(contactCenterId: string, event: object): Notification {
  return {
    userIds: [],
    audiences: [supervisorsOf(contactCenterId)],
    channel: BOARD_CHANNEL,
    data: { messageType: 'BoardUpdated', ...event },
  };
}
