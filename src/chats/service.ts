/**
 * The agent and supervisor side of chats: operations on one's own copy
 * (`POST /api/v2/me/chats/{id}`) and the reads a client rebuilds its state from (spec §1.1).
 * A chat of another contact center, or one the caller holds no copy of, is "not found" (6).
 */
import type { User } from '../accounts/records.js';
import { DomainError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { ChatEngine } from './engine.js';
import { isFinal } from './lifecycle.js';
import type { Chat, Message, Party, PartyState } from './model.js';
import type { Prepared } from './operations.js';
import { applyOperation, preparation } from './operations.js';
import type { AgentOperation } from './schema.js';

export const OPEN_STATES: readonly PartyState[] = ['Invited', 'Chatting', 'LeftChat', 'JoinFailed'];

/** The user's copy: its latest open party in the chat, else its latest one. */
export function copyOf(parties: readonly Party[], userId: string): Party | undefined {
  const mine = parties.filter((p) => p.userId === userId);
  return mine.filter((p) => !isFinal(p.state)).at(-1) ?? mine.at(-1);
}

export interface ChatView {
  readonly chat: Chat;
  readonly caller: Party;
  readonly parties: readonly Party[];
}

export class ChatService {
  constructor(
    private readonly store: Store,
    private readonly engine: ChatEngine,
  ) {}

  /**
   * Runs an operation on the caller's copy through the operation table (operations.ts); returns
   * the request's referenceId. What the operation reads (the supervisors monitoring an accepting
   * agent, a hand-over's target) is read in the same transaction.
   */
  async operate(user: User, chatId: string, op: AgentOperation): Promise<number> {
    const referenceId = await this.engine.nextReferenceId();
    const callerIn = (parties: readonly Party[], contactCenterId: string) =>
      contactCenterId === user.contactCenterId ? copyOf(parties, user.id) : undefined;
    const prepare = preparation(op);
    await this.engine.run(
      chatId,
      (b, prepared: Prepared | undefined) => {
        const caller = callerIn(b.parties, b.chat.contactCenterId);
        if (!caller) throw new DomainError('NotFound', 'Unknown chat');
        applyOperation(b, caller, op, { defaultNickname: user.userName, prepared: prepared ?? {} });
        return b.build();
      },
      {
        referenceId,
        prepare: prepare
          ? async (tx, snapshot) => {
              const caller = callerIn(snapshot.parties, snapshot.chat.contactCenterId);
              return caller ? prepare(tx, snapshot, caller, op) : {};
            }
          : undefined,
      },
    );
    return referenceId;
  }

  async get(user: User, chatId: string): Promise<ChatView> {
    const chat = await this.store.chats.get(chatId);
    const parties =
      chat && chat.contactCenterId === user.contactCenterId
        ? await this.store.parties.listForChat(chatId)
        : [];
    const caller = copyOf(parties, user.id);
    if (!chat || !caller) throw new DomainError('NotFound', 'Unknown chat');
    return { chat, caller, parties };
  }

  /** The caller's open chats, each with all its parties (two queries, whatever the count). */
  async list(user: User): Promise<ChatView[]> {
    const [chats, parties] = await Promise.all([
      this.store.chats.listForUser(user.id, OPEN_STATES),
      this.store.parties.listForUserChats(user.id, OPEN_STATES),
    ]);
    return chats.flatMap((chat) => {
      const own = parties.filter((p) => p.chatId === chat.id);
      const caller = copyOf(own, user.id);
      return caller ? [{ chat, caller, parties: own }] : [];
    });
  }

  /** Transcript messages from `startIndex` (inclusive), at most `count`; filtering is the caller's. */
  async transcript(view: ChatView, startIndex: number, count: number): Promise<Message[]> {
    return this.store.messages.list(view.chat.id, Math.max(0, startIndex - 1), count);
  }
}
