/**
 * The customer chat API's commands and reads (spec §6.1). The customer holds only the chat's
 * token (a UUID, stored hashed); every call also names its contact center, and a token of
 * another contact center is "not found". Interaction ids give no access here.
 *
 * RequestChat is admitted within the queue cap and the per-contact-center rate (limits.ts);
 * every call naming a chat records the customer's activity for the idle timeout (timeouts.ts).
 */
import { hash } from 'node:crypto';
import type { ChatEngine } from '../chats/engine.js';
import type { Announcer } from '../notifications/announcer.js';
import { boardNotifications } from '../supervision/board-events.js';
import { newChatId, newCustomerToken, newParticipantId } from '../chats/ids.js';
import type { ContactCenterSettings } from '../accounts/records.js';
import type { Chat, Party, UserData, Visibility } from '../chats/model.js';
import { canSee } from '../chats/visibility.js';
import { DomainError } from '../errors.js';
import type { Rate } from '../config.js';
import type { Repositories, Store } from '../store/store.js';
import { decideCustomerOperation } from './decisions.js';
import { admission } from './limits.js';
import type { CustomerOperation, RequestChat } from './schema.js';
import { ACTIVITY_STEP_MS } from './timeouts.js';

export const DEFAULT_QUEUE = 'default';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The visibilities the customer may see, as visibility.ts decides them (STYLE.md §5). */
const CUSTOMER_SEES = (['All', 'Agents', 'Supervisors'] as const satisfies readonly Visibility[]).filter(
  (v) => canSee('customer', v),
);

const hashToken = (token: string) => hash('sha256', token.toLowerCase(), 'hex');

/** Token hashes whose chat is known: a token names one chat forever, so this never goes stale. */
const TOKEN_CACHE_LIMIT = 50_000;

export interface CustomerChatsDeps {
  readonly store: Store;
  readonly engine: ChatEngine;
  /** Announces the new chat on the supervisors' board with its commit (supervision/board-events.ts). */
  readonly announcer: Announcer;
  readonly now?: () => number;
  readonly onQueued: (contactCenterId: string) => void;
}

export interface RequestChatOptions {
  /** The per-contact-center rate (config), which the HTTP route applies; undefined: none. */
  readonly perContactCenter?: Rate | undefined;
}

export class CustomerChats {
  private readonly tokens = new Map<string, { chatId: string; contactCenterId: string }>();
  /** When this node last recorded each chat's customer activity (at most every ACTIVITY_STEP_MS). */
  private readonly recorded = new Map<string, number>();

  constructor(private readonly deps: CustomerChatsDeps) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Refused with nothing stored past the queue cap or the per-contact-center rate (limits.ts). */
  async requestChat(
    contactCenterId: string,
    body: RequestChat,
    options: RequestChatOptions = {},
  ): Promise<{ token: string; chat: Chat }> {
    const { store } = this.deps;
    const contactCenter = await store.contactCenters.get(contactCenterId);
    if (!contactCenter) throw new DomainError('NotFound', 'Unknown contact center');
    const now = this.now();
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
    const prepared = await store.transaction(async (tx) => {
      await admit(tx, contactCenterId, contactCenter.settings, options.perContactCenter, now);
      await tx.chats.insert(chat, hashToken(token)); // the customer counts as seen now
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
      // The chat's first version: its later announcements (routing's offer…) come after it.
      const board = boardNotifications({
        before: undefined,
        after: { chat, parties: [customer] },
        changed: [customer],
        messages: [],
      });
      const announced = this.deps.announcer.prepare(board, { id: chat.id, version: chat.version });
      if (announced.outbox) await tx.outbox.add(announced.outbox);
      return announced;
    });
    this.deps.announcer.publish(prepared);
    this.remember(chat.id, now);
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
    const known = UUID.test(token) ? await this.chatOfToken(token.toLowerCase()) : undefined;
    if (!known || known.contactCenterId !== contactCenterId)
      throw new DomainError('NotFound', 'Unknown chat');
    await this.touch(known.chatId);
    return known.chatId;
  }

  /** Any request naming the chat is the customer's activity: recorded unless this node did lately. */
  private async touch(chatId: string): Promise<void> {
    const now = this.now();
    const last = this.recorded.get(chatId);
    if (last !== undefined && now >= last && now - last < ACTIVITY_STEP_MS) return;
    this.remember(chatId, now);
    await this.deps.store.chats.touchCustomer(chatId, now);
  }

  private remember(chatId: string, at: number): void {
    if (this.recorded.size >= TOKEN_CACHE_LIMIT) this.recorded.clear();
    this.recorded.set(chatId, at);
  }

  /**
   * Known tokens are remembered by the token itself (it is in every request anyway; the store
   * keeps only its hash): a SHA-256 per customer request was paid for nothing.
   */
  private async chatOfToken(token: string) {
    const known = this.tokens.get(token);
    if (known) return known;
    const chat = await this.deps.store.chats.getByCustomerToken(hashToken(token));
    if (!chat) return undefined;
    if (this.tokens.size >= TOKEN_CACHE_LIMIT) this.tokens.clear();
    const found = { chatId: chat.id, contactCenterId: chat.contactCenterId };
    this.tokens.set(token, found);
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
   * Transcript for polling (spec §6.1), numbered in the customer's own indices (the n-th message
   * it may see is its index n, store.ts AudienceMessage): chat-wide indices would show, by their
   * gaps, when hidden coaching and monitoring happened. With `index`, every message from the
   * customer's index n; without, only what it has not been given yet. The delivery mark is the
   * chat-wide index of the last message given (never shown); it only moves forward.
   */
  async messages(contactCenterId: string, token: string, index: number | undefined) {
    const { chat, parties } = await this.find(contactCenterId, token);
    const { store } = this.deps;
    const start =
      index === undefined
        ? { afterIndex: await store.chats.customerDelivered(chat.id) }
        : { fromAudienceIndex: index };
    const messages = await store.messages.listVisible(chat.id, CUSTOMER_SEES, start, 10_000);
    const last = messages.at(-1);
    if (last) await store.chats.setCustomerDelivered(chat.id, last.index);
    return { chat, parties, messages };
  }
}

/** The queue cap and the per-contact-center rate, counted in RequestChat's transaction. */
async function admit(
  tx: Repositories,
  contactCenterId: string,
  settings: ContactCenterSettings,
  perContactCenter: Rate | undefined,
  now: number,
): Promise<void> {
  const waiting = await tx.chats.countWaiting(contactCenterId, settings.maxWaitingChats);
  const requested = perContactCenter
    ? await tx.chats.requestedSince(contactCenterId, now - perContactCenter.windowMs, perContactCenter.count)
    : undefined;
  const refused = admission({ waiting, requested }, settings, perContactCenter, now);
  if (refused) throw refused;
}
