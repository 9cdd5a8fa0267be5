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

export interface ContactCenterRepository {
  create(contactCenter: ContactCenter): Promise<void>;
  get(id: string): Promise<ContactCenter | undefined>;
  list(): Promise<ContactCenter[]>;
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
  /** Throws DomainError AlreadyExists when the user name (case-insensitive) or id is taken. */
  create(user: User): Promise<void>;
  get(id: string): Promise<User | undefined>;
  /** Case-insensitive, across all contact centers (Basic auth carries no tenant). */
  getByUserName(userName: string): Promise<User | undefined>;
  listByContactCenter(contactCenterId: string): Promise<User[]>;
  update(id: string, patch: UserPatch): Promise<User | undefined>;
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

export interface LoginFailures {
  readonly userNameKey: string;
  readonly failures: number;
  readonly windowStartedAt: number;
  readonly lockedUntil: number;
}

export interface LoginFailureRepository {
  get(userNameKey: string): Promise<LoginFailures | undefined>;
  put(record: LoginFailures): Promise<void>;
  clear(userNameKey: string): Promise<void>;
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
  /** Insert or replace the row of (userId, channel). */
  put(channel: AgentChannel): Promise<void>;
  deleteForUser(userId: string): Promise<number>;
}

export interface Repositories {
  readonly contactCenters: ContactCenterRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly loginFailures: LoginFailureRepository;
  readonly agentChannels: AgentChannelRepository;
}

export interface Store extends Repositories {
  readonly dialect: 'sqlite' | 'postgres';
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Highest applied migration version. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
