/**
 * One user's copy of a chat, as the agent desk and the supervisor console show it: the chat
 * resource (spec §3.1) plus its transcript, built from `GET /api/v2/me/chats/{id}` and
 * `/messages` and kept current by `/v2/me/chats` notifications (spec §5.2). Pure: every function
 * returns a new copy; typing events are not transcript lines but who is typing now.
 */

export type Visibility = 'All' | 'Agents' | 'Supervisors';

export interface Participant {
  readonly nickname: string;
  readonly type: string;
  readonly participantId: string;
  readonly visibility?: Visibility;
  readonly uri?: string;
}

export interface ChatMessage {
  readonly index: number;
  readonly type: string;
  readonly from: Participant;
  readonly text?: string;
  readonly url?: string;
  readonly noticeText?: string;
  readonly visibility: Visibility;
  readonly timestampSeconds: number;
}

export interface ChatCopy {
  readonly id: string;
  readonly state: string;
  readonly capabilities: readonly string[];
  readonly participants: readonly Participant[];
  readonly userData: Readonly<Record<string, unknown>>;
  readonly chatType?: string;
  readonly supervisorMode?: string;
  /** The transcript lines, by index, typing events excluded. */
  readonly messages: readonly ChatMessage[];
  /** participantId → nickname of whoever is typing now (and to whom: their visibility). */
  readonly typing: Readonly<Record<string, { nickname: string; visibility: Visibility }>>;
}

const ENDED = new Set(['Completed', 'Revoked']);

export const isEnded = (copy: Pick<ChatCopy, 'state'>) => ENDED.has(copy.state);

export const TYPING = new Set(['TypingStarted', 'TypingStopped']);

/** A copy from the chat resource of `GET /api/v2/me/chats/{id}` or a notification's `chat`. */
export function fromResource(chat: Record<string, unknown>, before?: ChatCopy): ChatCopy {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const copy: ChatCopy = {
    id: String(chat.id),
    state: str(chat.state) ?? before?.state ?? 'Unknown',
    // spec §5.3 Complete: an ended copy carries only id, uri and state.
    capabilities: Array.isArray(chat.capabilities) ? (chat.capabilities as string[]) : [],
    participants: Array.isArray(chat.participants)
      ? (chat.participants as Participant[])
      : (before?.participants ?? []),
    userData: (chat.userData as Record<string, unknown> | undefined) ?? before?.userData ?? {},
    messages: before?.messages ?? [],
    typing: before?.typing ?? {},
  };
  const chatType = str(chat.chatType) ?? before?.chatType;
  const supervisorMode = str(chat.supervisorMode) ?? (chat.state ? undefined : before?.supervisorMode);
  return {
    ...copy,
    ...(chatType ? { chatType } : {}),
    ...(supervisorMode ? { supervisorMode } : {}),
  };
}

/** The copy with these transcript entries added (indices already held are skipped). */
export function withMessages(copy: ChatCopy, incoming: readonly ChatMessage[]): ChatCopy {
  const held = new Set(copy.messages.map((m) => m.index));
  const messages = [...copy.messages];
  const typing = { ...copy.typing };
  for (const message of [...incoming].sort((a, b) => a.index - b.index)) {
    const who = message.from.participantId;
    if (message.type === 'TypingStarted') {
      typing[who] = { nickname: message.from.nickname, visibility: message.visibility };
      continue;
    }
    delete typing[who];
    if (message.type === 'TypingStopped' || held.has(message.index)) continue;
    held.add(message.index);
    messages.push(message);
  }
  messages.sort((a, b) => a.index - b.index);
  return { ...copy, messages, typing };
}

/** The chat id a `/v2/me/chats` notification is about (`chat.id`, else its `chatPath`). */
export function chatIdOf(data: Record<string, unknown>): string | undefined {
  const chat = data.chat as Record<string, unknown> | undefined;
  if (typeof chat?.id === 'string') return chat.id;
  const path = typeof data.chatPath === 'string' ? data.chatPath : undefined;
  return path?.split('/').pop();
}

/**
 * The copies after one `/v2/me/chats` notification. A transcript for a chat not held yet (a
 * notification overtaking the GET) starts a placeholder the next StatusChange completes.
 */
export function applyNotification(
  copies: ReadonlyMap<string, ChatCopy>,
  data: Record<string, unknown>,
): Map<string, ChatCopy> {
  const next = new Map(copies);
  const id = chatIdOf(data);
  if (id === undefined) return next;
  const before = copies.get(id);
  if (data.messageType === 'ChatStateChangeMessage' && data.chat) {
    next.set(id, fromResource(data.chat as Record<string, unknown>, before));
  } else if (data.messageType === 'MessageLogUpdated' && Array.isArray(data.messages)) {
    const base = before ?? fromResource({ id, state: 'Unknown' });
    next.set(id, withMessages(base, data.messages as ChatMessage[]));
  }
  return next;
}

/** Whether the copy may do `operation` now (spec §3.3: capabilities are per receiving user). */
export const can = (copy: ChatCopy | undefined, operation: string) =>
  copy?.capabilities.includes(operation) ?? false;
