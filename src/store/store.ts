/**
 * The store: the async repository interface every feature persists through (STYLE.md §11).
 * Two implementations (SQLite, PostgreSQL) pass one contract suite (store.contract.test.ts).
 * Domain code depends on this file only, never on a driver.
 *
 * Every command runs in `transaction()`: the work function gets the same repositories bound to
 * the transaction; it commits when the function resolves and rolls back when it throws. The work
 * function must only await store calls (no network, no scrypt) so transactions stay short.
 */
import type { ContactCenter, ContactCenterSettings, User } from '../accounts/records.js';
import type { Feature } from '../accounts/features.js';
import type { Role } from '../accounts/roles.js';
import type { Chat, ChatPhase, Message, Party, SupervisorMode, Visibility } from '../chats/model.js';

export interface ContactCenterRepository {
  create(contactCenter: ContactCenter): Promise<void>;
  get(id: string): Promise<ContactCenter | undefined>;
  list(): Promise<ContactCenter[]>;
  /**
   * The home contact center: the first created (by createdAt, then id), the one the first start
   * bootstraps. Bare login names are looked up there (auth/login-name.ts).
   */
  home(): Promise<ContactCenter | undefined>;
  /** Contact centers of this name, ASCII case-insensitive, oldest first. */
  listByName(name: string): Promise<ContactCenter[]>;
  update(
    id: string,
    patch: { name?: string; features?: readonly Feature[]; settings?: ContactCenterSettings },
  ): Promise<ContactCenter | undefined>;
}

export interface UserPatch {
  firstName?: string;
  lastName?: string;
  passwordHash?: string;
  roles?: readonly Role[];
  enabled?: boolean;
  updatedAt: number;
}

export interface UserRepository {
  /**
   * Throws DomainError AlreadyExists when the id is taken, or the user name (case-insensitive)
   * is taken in the user's contact center. Another contact center's names do not matter.
   */
  create(user: User): Promise<void>;
  get(id: string): Promise<User | undefined>;
  /**
   * Case-insensitive, in the given contact center; without one, in the home contact center
   * (ContactCenterRepository.home), where bare login names live.
   */
  getByUserName(userName: string, contactCenterId?: string): Promise<User | undefined>;
  listByContactCenter(contactCenterId: string): Promise<User[]>;
  update(id: string, patch: UserPatch): Promise<User | undefined>;
  /**
   * Replaces the password hash only if it is still `expected` (a rehash at a new cost must not
   * undo a password change made meanwhile). Changes nothing else, not even updatedAt.
   */
  replacePasswordHash(id: string, expected: string, next: string): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export interface Session {
  /** SHA-256 of the cookie value: a leaked table does not leak usable sessions. */
  readonly idHash: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  get(idHash: string): Promise<Session | undefined>;
  touch(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
  deleteExpired(now: number): Promise<number>;
}

/** One failed-login counter (auth/throttle.ts): of a (name, source) pair, a source or a name. */
export interface LoginFailures {
  readonly key: string;
  readonly failures: number;
  readonly windowStartedAt: number;
  readonly lockedUntil: number;
}

export interface LoginFailureRepository {
  get(key: string): Promise<LoginFailures | undefined>;
  /**
   * Adds one, atomically (concurrent calls on any node each count), and answers the record after
   * it: a record whose window started at or before `windowStartedAfter` starts a new window
   * (count 1, started `now`). The lock is kept.
   */
  count(key: string, now: number, windowStartedAfter: number): Promise<LoginFailures>;
  /** Locks until `until`, unless already locked longer. */
  lock(key: string, until: number): Promise<void>;
  clear(key: string): Promise<void>;
  /** Deletes records whose window started and lock ended at or before `before`. */
  deleteStale(before: number): Promise<number>;
}

/** An agent's state on one media channel (spec §1.4); the row exists while logged in. */
export interface AgentChannel {
  readonly userId: string;
  readonly channel: string;
  readonly contactCenterId: string;
  readonly state: 'Ready' | 'NotReady';
  readonly changedAt: number;
}

export interface AgentChannelRepository {
  listForUser(userId: string): Promise<AgentChannel[]>;
  /** Every logged-in channel of the contact center's users (the supervisors' board), one query. */
  listForContactCenter(contactCenterId: string): Promise<AgentChannel[]>;
  /** Insert or replace the row of (userId, channel). */
  put(channel: AgentChannel): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
}

export interface ChatRepository {
  /** `customerTokenHash`: SHA-256 of the customer-facing chat id (spec §6.1), never the id itself. */
  insert(chat: Chat, customerTokenHash: string): Promise<void>;
  get(chatId: string): Promise<Chat | undefined>;
  /** The stored version alone (checks a cached snapshot); undefined when there is no such chat. */
  version(chatId: string): Promise<number | undefined>;
  /**
   * The stored version, and inside a transaction the chat is this transaction's until it ends: on
   * PostgreSQL the row is locked (another node's write waits, then finds the version moved on);
   * SQLite's one writer excludes every other writer already.
   */
  lock(chatId: string): Promise<number | undefined>;
  getByCustomerToken(customerTokenHash: string): Promise<Chat | undefined>;
  /**
   * Writes `chat` only if the stored version is `chat.version - 1`; false when another write came
   * first. Given the `previous` state, only the columns that differ from it are written.
   */
  update(chat: Chat, previous?: Chat): Promise<boolean>;
  customerDelivered(chatId: string): Promise<number>;
  setCustomerDelivered(chatId: string, index: number): Promise<void>;
  /** Oldest first. */
  listByPhase(contactCenterId: string, phase: ChatPhase, limit: number): Promise<Chat[]>;
  /** The contact centers with a chat in any of `phases` (one query). */
  contactCentersInPhases(phases: readonly ChatPhase[]): Promise<string[]>;
  /** Chats in which the user holds a copy in one of `states`, oldest first (one query). */
  listForUser(userId: string, states: readonly Party['state'][]): Promise<Chat[]>;
  /**
   * The contact center's chats not Ended, oldest first, up to `limit`, each with the times the
   * supervisors' board shows (one query; supervision/board.ts).
   */
  listOpen(contactCenterId: string, limit: number): Promise<OpenChat[]>;
  /**
   * The customer made a request at `at` (customer/timeouts.ts): recorded unless a later time
   * already is (the mark never moves back). Not chat state: the version stays.
   */
  touchCustomer(chatId: string, at: number): Promise<void>;
  /** When the customer was last recorded; at insert, the chat's `createdAt`. */
  customerSeenAt(chatId: string): Promise<number | undefined>;
  /** Chats waiting for an agent (Queued or Offered) in the contact center, counted up to `limit`. */
  countWaiting(contactCenterId: string, limit: number): Promise<number>;
  /**
   * Chats requested in the contact center after `since` (their `createdAt`), counted up to
   * `limit`, and the oldest of those counted (undefined when none).
   */
  requestedSince(
    contactCenterId: string,
    since: number,
    limit: number,
  ): Promise<{ count: number; oldest: number | undefined }>;
  /** Ids of chats not Ended whose customer was last recorded at or before `seenBefore`, oldest first. */
  listCustomerIdle(contactCenterId: string, seenBefore: number, limit: number): Promise<string[]>;
  /**
   * Ids of chats waiting for an agent (Queued or Offered) since at or before `since`, oldest
   * first. A chat waits since its request or, when it has been handed back to a queue or on to
   * another agent, since the last transcript message of anyone but its customer (who hands a
   * chat on leaves at that moment, chats/chat-end.ts): customer/timeouts.ts waitingSince().
   */
  listWaitingSince(contactCenterId: string, since: number, limit: number): Promise<string[]>;
}

/** A chat not Ended, with the times of its transcript the supervisors' board shows. */
export interface OpenChat {
  readonly chat: Chat;
  /** The latest Text or PushUrl the customer could see from anyone but the customer; null if none. */
  readonly lastAgentMessageAt: number | null;
  /** The customer's latest Text; null if none. */
  readonly lastCustomerMessageAt: number | null;
  /** The latest message of anyone but the customer (customer/timeouts.ts waitingSince); null if none. */
  readonly lastStaffMessageAt: number | null;
}

export interface PartyRepository {
  /** Ordered by invitation time. */
  listForChat(chatId: string): Promise<Party[]>;
  /** Every party of every chat in which the user holds a copy in one of `states` (one query). */
  listForUserChats(userId: string, states: readonly Party['state'][]): Promise<Party[]>;
  /** The agents' copies, Invited or Chatting, of the contact center's chats not Ended (one query). */
  listLiveAgentsOfOpenChats(contactCenterId: string): Promise<Party[]>;
  /** Insert or replace by (chatId, participantId). */
  put(party: Party): Promise<void>;
  /** Invitations whose offer expired at or before `now`. */
  expiredOffers(now: number, limit: number): Promise<Party[]>;
}

/**
 * A message numbered among those one audience may see: its `audienceIndex`-th such message
 * (1, 2, 3, … with no gaps), so the numbers say nothing of the messages hidden from it.
 */
export interface AudienceMessage extends Message {
  readonly audienceIndex: number;
}

/**
 * Where an audience's listing starts: after a chat-wide index (what was already delivered), or at
 * the audience's own n-th message (`fromAudienceIndex` ≤ 1: from its first).
 */
export type AudienceStart = { readonly afterIndex: number } | { readonly fromAudienceIndex: number };

export interface MessageRepository {
  append(messages: readonly Message[]): Promise<void>;
  /** Messages with index > afterIndex, oldest first, at most `limit`. */
  list(chatId: string, afterIndex: number, limit: number): Promise<Message[]>;
  /**
   * The messages whose visibility is one of `visibilities`, oldest first, at most `limit`, each
   * with its audience index, in one query. Messages are never changed or removed and a chat's
   * indices are written in order, so a message keeps its audience index for good.
   */
  listVisible(
    chatId: string,
    visibilities: readonly Visibility[],
    start: AudienceStart,
    limit: number,
  ): Promise<AudienceMessage[]>;
}

export interface AgentLoad {
  readonly userId: string;
  readonly active: number;
  readonly idleSince: number;
}

export interface AgentLoadRepository {
  /** Creates the agent's row when missing. */
  ensure(userId: string, contactCenterId: string, now: number): Promise<void>;
  /**
   * Routing's one conditional write for capacity (STYLE.md §7): takes a slot only if the agent is
   * Ready on chat and under `capacity`. False when it is not (another node took the slot). An offer
   * is activity: the agent's idle time restarts at `now`.
   */
  reserve(userId: string, capacity: number, now: number): Promise<boolean>;
  /** The agent accepted a chat: activity, its idle time restarts at `now`. */
  touch(userId: string, now: number): Promise<void>;
  /** Frees a slot; the agent's idle time restarts. */
  release(userId: string, now: number): Promise<void>;
  /** Agents Ready on chat and under capacity: fewest chats first, then longest idle. */
  candidates(contactCenterId: string, capacity: number): Promise<AgentLoad[]>;
  get(userId: string): Promise<AgentLoad | undefined>;
  /** The agent became Ready: an agent with no chat is idle from now. */
  markReady(userId: string, now: number): Promise<void>;
}

/** A supervisor's monitoring subscription on an agent's chat channel (spec §4.1). */
export interface Subscription {
  readonly supervisorId: string;
  readonly agentId: string;
  readonly contactCenterId: string;
  readonly mode: SupervisorMode;
  readonly scope: 'NextChat' | 'AllChats';
  readonly nickname: string;
  readonly createdAt: number;
}

export interface SubscriptionRepository {
  /** Insert or replace by (supervisor, agent). */
  put(subscription: Subscription): Promise<void>;
  get(supervisorId: string, agentId: string): Promise<Subscription | undefined>;
  forAgent(agentId: string): Promise<Subscription[]>;
  delete(supervisorId: string, agentId: string): Promise<boolean>;
  /** Deletes a NextChat subscription; false when it was already consumed (by another chat or node). */
  consumeNextChat(supervisorId: string, agentId: string): Promise<boolean>;
}

export type AuditAction =
  | 'Subscribe'
  | 'Cancel'
  | 'Intrude'
  | 'Join'
  | 'Accept'
  | 'Reject'
  | 'Switch'
  | 'Leave'
  | 'Revoked'
  | 'Transfer'
  | 'Invite'
  | 'Consult';

export interface AuditEntry {
  readonly id: number;
  readonly contactCenterId: string;
  readonly at: number;
  readonly supervisorId: string;
  readonly agentId: string | null;
  readonly chatId: string | null;
  readonly action: AuditAction;
  readonly fromMode: SupervisorMode | null;
  readonly toMode: SupervisorMode | null;
}

export interface AuditFilter {
  readonly supervisorId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly chatId?: string | undefined;
  /** Entries with an id greater than this (paging). */
  readonly afterId?: number | undefined;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Oldest first. */
  list(contactCenterId: string, filter: AuditFilter, limit: number): Promise<AuditEntry[]>;
}

/** A commit's announcement, recorded in its transaction (notifications/announcer.ts). */
export interface OutboxEntry {
  /** Unique per announcement (node and counter). */
  readonly key: string;
  readonly createdAt: number;
  /** The announcement as the bus carries it (notifications/announcement.ts). */
  readonly payload: string;
}

export interface OutboxRepository {
  add(entry: OutboxEntry): Promise<void>;
  /** Deletes the entries the bus carried (any number of keys; unknown keys are ignored). */
  remove(keys: readonly string[]): Promise<void>;
  /**
   * Entries created at or before `createdBefore` that no claim holds at `now`, oldest first, at
   * most `limit`; this call claims each until `claimUntil` (another caller gets other entries).
   */
  claim(createdBefore: number, now: number, claimUntil: number, limit: number): Promise<OutboxEntry[]>;
}

export interface SequenceRepository {
  /** Reserves `count` consecutive numbers of the named sequence (starting at 1); returns the first. */
  reserve(name: string, count: number): Promise<number>;
}

export interface Repositories {
  readonly contactCenters: ContactCenterRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly loginFailures: LoginFailureRepository;
  readonly agentChannels: AgentChannelRepository;
  readonly chats: ChatRepository;
  readonly parties: PartyRepository;
  readonly messages: MessageRepository;
  readonly agentLoad: AgentLoadRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly audit: AuditRepository;
  readonly outbox: OutboxRepository;
  readonly sequences: SequenceRepository;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * True when transactions and writes run one at a time in the order they were started (SQLite's
   * one writer): commands on one chat then cannot overtake each other on this node. False when
   * they run side by side on several connections (PostgreSQL).
   */
  readonly ordered: boolean;
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * The engine's most common write as one atomic step of its own (outside any transaction):
   * `chat` replaces `previous` as chats.update does — only if the stored version is still
   * `previous.version` — and `messages` (at least one) are appended, with the `outbox` entry that
   * announces them when given. All of it, or nothing and false when the version was stale.
   */
  appendToChat(
    chat: Chat,
    previous: Chat,
    messages: readonly Message[],
    outbox?: OutboxEntry,
  ): Promise<boolean>;
  /** Highest applied migration version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
