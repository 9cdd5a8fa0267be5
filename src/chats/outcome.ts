/**
 * What a chat command decided: the new chat, the parties it changed or added, the transcript
 * messages it appended, and the events to announce after commit (STYLE.md §6). Decisions are
 * pure functions of a snapshot; engine.ts persists an outcome in one transaction.
 */
import type { Repositories } from '../store/store.js';
import type { Chat, ChatSnapshot, Message, MessageType, Party, Visibility } from './model.js';

export type ChatEvent =
  /**
   * The party's copy changed state: a StatusChange to its user (`participants: []` on a rejected
   * invitation's final view, spec §2 Reject).
   */
  | { readonly type: 'StatusChanged'; readonly participantId: string; readonly rejected?: true }
  /** The participant list changed for whoever can see one of these visibilities. */
  | { readonly type: 'ParticipantsChanged'; readonly visibilities: readonly Visibility[] }
  /** New transcript messages, to every present party that may see them (except `exceptParticipant`). */
  | {
      readonly type: 'MessagesAdded';
      readonly messages: readonly Message[];
      readonly exceptParticipant?: string;
    }
  /** The whole visible transcript, to a party that just joined (spec §5.3 Accept). */
  | { readonly type: 'HistoryReplayed'; readonly participantId: string; readonly upToIndex: number }
  /** userData changed: PropertiesUpdated to every present agent and supervisor. */
  | { readonly type: 'PropertiesChanged' };

export interface Outcome<R = void> {
  readonly chat: Chat;
  readonly parties: readonly Party[];
  readonly messages: readonly Message[];
  readonly events: readonly ChatEvent[];
  /** Agent whose capacity slot this outcome takes (a routing offer); the write fails if none is free. */
  readonly reserve?: { readonly userId: string; readonly capacity: number };
  /** Further writes of the same transaction (e.g. audit records, a consumed subscription). */
  readonly writes?: readonly ((tx: Repositories) => Promise<void>)[];
  readonly result?: R;
}

/** Builds an outcome step by step from a snapshot. */
export class OutcomeBuilder {
  chat: Chat;
  private readonly changed = new Map<string, Party>();
  readonly messages: Message[] = [];
  readonly events: ChatEvent[] = [];

  constructor(
    readonly snapshot: ChatSnapshot,
    readonly now: number,
  ) {
    this.chat = snapshot.chat;
  }

  /** The parties as they will be after this outcome (the snapshot's own list while none changed). */
  get parties(): readonly Party[] {
    if (this.changed.size === 0) return this.snapshot.parties;
    const seen = new Set<string>();
    const current = this.snapshot.parties.map((p) => {
      seen.add(p.participantId);
      return this.changed.get(p.participantId) ?? p;
    });
    return [...current, ...[...this.changed.values()].filter((p) => !seen.has(p.participantId))];
  }

  party(participantId: string): Party | undefined {
    return this.parties.find((p) => p.participantId === participantId);
  }

  setParty(party: Party): void {
    this.changed.set(party.participantId, party);
  }

  setChat(patch: Partial<Omit<Chat, 'id' | 'version'>>): void {
    this.chat = { ...this.chat, ...patch };
  }

  addMessage(
    from: Party,
    type: MessageType,
    visibility: Visibility,
    fields: Partial<Pick<Message, 'text' | 'url' | 'noticeText' | 'messageType' | 'treatAs'>> = {},
  ): Message {
    const message: Message = {
      chatId: this.chat.id,
      index: this.chat.lastIndex + 1,
      type,
      from: from.participantId,
      visibility,
      text: fields.text ?? null,
      url: fields.url ?? null,
      noticeText: fields.noticeText ?? null,
      messageType: fields.messageType ?? null,
      treatAs: fields.treatAs ?? null,
      createdAt: this.now,
    };
    this.chat = { ...this.chat, lastIndex: message.index };
    this.messages.push(message);
    return message;
  }

  emit(event: ChatEvent): void {
    this.events.push(event);
  }

  readonly writes: ((tx: Repositories) => Promise<void>)[] = [];
  private reservation: Outcome['reserve'];

  /** Takes a slot of the agent's capacity with this outcome (an invitation); one per outcome. */
  reserve(userId: string, capacity: number): void {
    if (this.reservation) throw new Error('an outcome reserves one slot');
    this.reservation = { userId, capacity };
  }

  /** A further write in the command's transaction. */
  write(write: (tx: Repositories) => Promise<void>): void {
    this.writes.push(write);
  }

  build<R>(extra: { result?: R } = {}): Outcome<R> {
    return {
      chat: this.chat,
      parties: [...this.changed.values()],
      messages: this.messages,
      events: this.events,
      writes: this.writes,
      ...(this.reservation ? { reserve: this.reservation } : {}),
      ...extra,
    };
  }
}
