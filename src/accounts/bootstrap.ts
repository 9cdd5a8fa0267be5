/**
 * First start: on an empty store, create the default contact center (every feature enabled) and a
 * bootstrap administrator, from PARLEY_CONTACT_CENTER_ID / PARLEY_ADMIN or generated, in one
 * transaction. Returns what was created so the caller can print it once; undefined when the store
 * already has a contact center (or another node bootstrapped it first). The contact center made
 * here is the home one: its users log in by their bare names, and its administrators may create
 * further contact centers (auth/login-name.ts, contact-centers/service.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from '../auth/passwords.js';
import { DomainError } from '../errors.js';
import type { Store } from '../store/store.js';
import { FEATURES } from './features.js';
import type { ContactCenter } from './records.js';
import { DEFAULT_SETTINGS } from './records.js';
import { newUserId } from './users/service.js';

export interface Bootstrapped {
  readonly contactCenterId: string;
  readonly features: readonly string[];
  readonly admin: { readonly userName: string; readonly password: string; readonly generated: boolean };
}

export interface BootstrapOptions {
  readonly store: Store;
  readonly contactCenterId: string | undefined;
  readonly admin: { readonly userName: string; readonly password: string } | undefined;
  readonly now?: () => number;
}

export async function bootstrap(options: BootstrapOptions): Promise<Bootstrapped | undefined> {
  const { store } = options;
  if ((await store.contactCenters.list()).length > 0) return undefined;
  const admin = options.admin ?? { userName: 'admin', password: randomBytes(12).toString('base64url') };
  const passwordHash = await hashPassword(admin.password);
  const now = (options.now ?? Date.now)();
  const contactCenter: ContactCenter = {
    id: options.contactCenterId ?? randomUUID(),
    name: 'Default',
    features: [...FEATURES],
    settings: DEFAULT_SETTINGS,
    createdAt: now,
  };
  try {
    await store.transaction(async (tx) => {
      if ((await tx.contactCenters.list()).length > 0) throw new DomainError('AlreadyExists');
      await tx.contactCenters.create(contactCenter);
      await tx.users.create({
        id: newUserId(),
        contactCenterId: contactCenter.id,
        userName: admin.userName,
        passwordHash,
        firstName: 'Parley',
        lastName: 'Administrator',
        roles: ['ROLE_ADMIN'],
        enabled: true,
        createdAt: now,
        updatedAt: now,
      });
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'AlreadyExists') return undefined;
    throw error;
  }
  return {
    contactCenterId: contactCenter.id,
    features: contactCenter.features,
    admin: { ...admin, generated: options.admin === undefined },
  };
}
