/**
 * The customer chat API's commands and reads (spec §6.1). The customer holds only the chat's
 * token (a UUID, stored hashed); every call also names its contact center, and a token of
 * another contact center is "not found". Interaction ids give no access here.
 */
import { hash } from 'node:crypto';
import type { ChatEngine } from '../chats/engine.js';
import { newChatId, newCustomerToken, newParticipantId } from '../chats/ids.js';
import type { Chat, Party, UserData } from '../chats/model.js';
import { DomainError } from '../errors.js';
import type { Store } from '../store/store.js';
import { decideCustomerOperation } from './decisions.js';
import type { CustomerOperation, RequestChat } from './schema.js';

export const DEFAULT_QUEUE = 'default';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const hashToken = (token: string) => hash('sha256', token.toLowerCase(), 'hex');

/** Token hashes whose chat is known: a token names one chat forever, so this never goes stale. */
const TOKEN_CACHE_LIMIT = 50_000;

export interface CustomerChatsDeps {
  readonly store: Store;
  readonly engine: ChatEngine;
  readonly now?: () => number;
  readonly onQueued: (contactCenterId: string) => void;
}

export class CustomerChats {
  private readonly tokens = new Map<string, { chatId: string; contactCenterId: string }>();

  constructor(private readonly deps: CustomerChatsDeps) {}

  async requestChat(contactCenterId: string, body: RequestChat): Promise<{ token: string; chat: Chat }> {
    const { store } = this.deps;
    if (!(await store.contactCenters.get(contactCenterId)))
      throw new DomainError('NotFound', 'Unknown contact center');
    const now = (this.deps.now ?? Date.now)();
    const token = newCustomerToken();
    const userData: UserData = { ...(body.subject ? { Subject: body.subject } : {}), ...body.userData };
    const chat: Chat = {
      id: newChatId(),
      contactCenterId,
      queue: body.endpoint ?? DEFAULT_QUEUE,
      subject: body.subject ?? '',
      phase: 'Queued',
      userData,
      lastIndex: 1,
      createdAt: now,
      endedAt: null,
      version: 1,
    };
    const customer: Party = {
      chatId: chat.id,
      participantId: newParticipantId(),
      role: 'customer',
      userId: null,
      nickname: body.nickname,
      state: 'Chatting',
      mode: null,
      invitedAt: now,
      offerExpiresAt: null,
      via: 'Request',
      monitoredAgentId: null,
    };
    await store.transaction(async (tx) => {
      await tx.chats.insert(chat, hashToken(token));
      await tx.parties.put(customer);
      // spec §9.2 e: the transcript starts with the customer's own ParticipantJoined at index 1.
      await tx.messages.append([
        {
          chatId: chat.id,
          index: 1,
          type: 'ParticipantJoined',
          from: customer.participantId,
          visibility: 'All',
          text: null,
          url: null,
          noticeText: null,
          messageType: null,
          treatAs: null,
          createdAt: now,
        },
      ]);
    });
    this.deps.onQueued(contactCenterId);
    return { token, chat };
  }

  /** The chat behind a customer token, in this contact center, else NotFound. */
  async find(contactCenterId: string, token: string) {
    const chat = await this.deps.store.chats.get(await this.chatIdOf(contactCenterId, token));
    if (!chat) throw new DomainError('NotFound', 'Unknown chat');
    return { chat, parties: await this.deps.store.parties.listForChat(chat.id) };
  }

  /** The id of the chat behind a customer token, in this contact center, else NotFound. */
  private async chatIdOf(contactCenterId: string, token: string): Promise<string> {
    const known = UUID.test(token) ? await this.chatOfToken(hashToken(token)) : undefined;
    if (!known || known.contactCenterId !== contactCenterId)
      throw new DomainError('NotFound', 'Unknown chat');
    return known.chatId;
  }

  private async chatOfToken(tokenHash: string) {
    const known = this.tokens.get(tokenHash);
    if (known) return known;
    const chat = await this.deps.store.chats.getByCustomerToken(tokenHash);
    if (!chat) return undefined;
    if (this.tokens.size >= TOKEN_CACHE_LIMIT) this.tokens.clear();
    const found = { chatId: chat.id, contactCenterId: chat.contactCenterId };
    this.tokens.set(tokenHash, found);
    return found;
  }

  async operate(contactCenterId: string, token: string, op: CustomerOperation): Promise<void> {
    const chatId = await this.chatIdOf(contactCenterId, token);
    await this.deps.engine.run(chatId, (b) => {
      const customer = b.parties.find((p) => p.role === 'customer');
      if (!customer) throw new DomainError('NotFound', 'Unknown chat');
      return decideCustomerOperation(b, customer, op);
    });
  }

  /**
   * Transcript for polling (spec §6.1): with `index`, every message from that index; without,
   * only what this customer has not been given yet (the mark then moves past everything read).
   */
  async messages(contactCenterId: string, token: string, index: number | undefined) {
    const { chat, parties } = await this.find(contactCenterId, token);
    const { store } = this.deps;
    const after = index === undefined ? await store.chats.customerDelivered(chat.id) : Math.max(0, index - 1);
    const messages = await store.messages.list(chat.id, after, 10_000);
    const last = messages.at(-1);
    if (last) await store.chats.setCustomerDelivered(chat.id, last.index);
    return { chat, parties, messages };
  }
}
