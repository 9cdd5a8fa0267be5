/**
 * More than one contact center in one store, for the multi-tenant suites. No API creates a
 * contact center yet, so the second one and its users are written through the store, as
 * e2e-supervision.ts `agentOfAnotherContactCenter` does; users get a real password hash so they
 * log in like anyone else (mintSession gives one a session without a login), with a login name qualified by their contact center's id, which works
 * for the home contact center too. Each distinct password is hashed once (scrypt: ~90 ms here).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { FEATURES } from '../../src/accounts/features.js';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import type { Role } from '../../src/accounts/roles.js';
import { newUserId } from '../../src/accounts/users/service.js';
import { hashSessionId } from '../../src/auth/authenticator.js';
import { hashPassword } from '../../src/auth/passwords.js';
import type { Store } from '../../src/store/store.js';
import { basic } from './app.js';

const hashes = new Map<string, Promise<string>>();

function hashOf(password: string): Promise<string> {
  let hash = hashes.get(password);
  if (!hash) {
    hash = hashPassword(password);
    hashes.set(password, hash);
  }
  return hash;
}

/** A contact center with every feature enabled and the default settings; returns its id. */
export async function createContactCenter(store: Store, name: string): Promise<string> {
  const id = randomUUID();
  await store.contactCenters.create({
    id,
    name,
    features: [...FEATURES],
    settings: DEFAULT_SETTINGS,
    createdAt: Date.now(),
  });
  return id;
}

export interface StoredUser {
  readonly id: string;
  readonly userName: string;
  readonly password: string;
  readonly contactCenterId: string;
  /** `userName@<contactCenterId>`: a login name that says its contact center (auth/login-name.ts). */
  readonly loginName: string;
  /** The Basic credentials this user logs in with. */
  readonly authorization: string;
}

/** A user of any contact center, written through the store. */
export async function createStoredUser(
  store: Store,
  contactCenterId: string,
  userName: string,
  roles: readonly Role[],
  password = 'tenant-password',
): Promise<StoredUser> {
  const id = newUserId();
  const now = Date.now();
  await store.users.create({
    id,
    contactCenterId,
    userName,
    passwordHash: await hashOf(password),
    firstName: userName,
    lastName: 'Tenant',
    roles: [...roles],
    enabled: true,
    createdAt: now,
    updatedAt: now,
  });
  const loginName = `${userName}@${contactCenterId}`;
  return { id, userName, password, contactCenterId, loginName, authorization: basic(loginName, password) };
}

/**
 * A session of `userId` written straight to the store, as a Basic login would open it: the
 * `Cookie` header that carries it. No password is checked (no scrypt), so a test can hand out
 * sessions that a request is going to end (logout) without paying a login for each.
 */
export async function mintSession(store: Store, userId: string): Promise<string> {
  const sessionId = randomBytes(32).toString('base64url');
  const now = Date.now();
  await store.sessions.create({
    idHash: hashSessionId(sessionId),
    userId,
    csrfToken: randomUUID(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 3_600_000,
  });
  return `JSESSIONID=${sessionId}`;
}
