/**
 * Contact centers (tenants): creation, features (spec §1.5) and settings. Changes run in one
 * transaction; cached accounts of the contact center are dropped after commit.
 *
 * A new contact center comes with its first administrator, in one transaction (a tenant nobody
 * can administer is never left behind). Its name is unique (ASCII case-insensitive): users of a
 * contact center other than the home one log in as `user@<name>` (auth/login-name.ts). Through
 * the API only an administrator of the home contact center — the operator's own, bootstrapped at
 * the first start — may create one; the CLI is the operator's tool and may always.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../auth/passwords.js';
import { DomainError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { Feature } from '../features.js';
import { FEATURES } from '../features.js';
import type { ContactCenter, ContactCenterSettings, User } from '../records.js';
import { DEFAULT_SETTINGS } from '../records.js';
import { newUserId } from '../users/service.js';

export interface NewContactCenter {
  readonly name: string;
  /** Default: every feature. */
  readonly features?: readonly Feature[] | undefined;
  readonly administrator: {
    readonly userName: string;
    readonly password: string;
    readonly firstName?: string | undefined;
    readonly lastName?: string | undefined;
  };
}

export interface ContactCenterServiceDeps {
  readonly store: Store;
  readonly forgetContactCenter: (contactCenterId: string) => void;
  readonly now?: () => number;
}

export class ContactCenterService {
  constructor(private readonly deps: ContactCenterServiceDeps) {}

  /** A new contact center with every feature enabled and default settings. */
  async create(options: { id?: string | undefined; name?: string }): Promise<ContactCenter> {
    const contactCenter: ContactCenter = {
      id: options.id ?? randomUUID(),
      name: options.name ?? 'Default',
      features: [...FEATURES],
      settings: DEFAULT_SETTINGS,
      createdAt: (this.deps.now ?? Date.now)(),
    };
    await this.deps.store.transaction((tx) => tx.contactCenters.create(contactCenter));
    return contactCenter;
  }

  /** Refuses (statusCode 5) a caller that is not of the home contact center. */
  async assertMayCreate(callerContactCenterId: string): Promise<void> {
    const home = await this.deps.store.contactCenters.home();
    if (home?.id !== callerContactCenterId) {
      throw new DomainError(
        'NoPermission',
        'Only an administrator of the home contact center may create contact centers',
      );
    }
  }

  /** The contact center and its first administrator (ROLE_ADMIN), in one transaction. */
  async createWithAdministrator(
    input: NewContactCenter,
  ): Promise<{ contactCenter: ContactCenter; administrator: User }> {
    const passwordHash = await hashPassword(input.administrator.password);
    const now = (this.deps.now ?? Date.now)();
    const wanted = new Set(input.features ?? FEATURES);
    const contactCenter: ContactCenter = {
      id: randomUUID(),
      name: input.name,
      features: FEATURES.filter((f) => wanted.has(f)),
      settings: DEFAULT_SETTINGS,
      createdAt: now,
    };
    const administrator: User = {
      id: newUserId(),
      contactCenterId: contactCenter.id,
      userName: input.administrator.userName,
      passwordHash,
      firstName: input.administrator.firstName ?? '',
      lastName: input.administrator.lastName ?? '',
      roles: ['ROLE_ADMIN'],
      enabled: true,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if ((await tx.contactCenters.listByName(input.name)).length > 0) {
        throw new DomainError('AlreadyExists', `A contact center named '${input.name}' already exists`);
      }
      await tx.contactCenters.create(contactCenter);
      await tx.users.create(administrator);
    });
    return { contactCenter, administrator };
  }

  async get(id: string): Promise<ContactCenter> {
    const contactCenter = await this.deps.store.contactCenters.get(id);
    if (!contactCenter) throw new DomainError('NotFound', 'Unknown contact center');
    return contactCenter;
  }

  async setFeatures(id: string, change: { enable?: readonly Feature[]; disable?: readonly Feature[] }) {
    return this.change(id, (current) => {
      const features = new Set(current.features);
      for (const f of change.enable ?? []) features.add(f);
      for (const f of change.disable ?? []) features.delete(f);
      return { features: FEATURES.filter((f) => features.has(f)) };
    });
  }

  async updateSettings(id: string, settings: Partial<ContactCenterSettings>) {
    return this.change(id, (current) => ({ settings: { ...current.settings, ...settings } }));
  }

  private async change(
    id: string,
    patch: (current: ContactCenter) => { features?: readonly Feature[]; settings?: ContactCenterSettings },
  ): Promise<ContactCenter> {
    const updated = await this.deps.store.transaction(async (tx) => {
      const current = await tx.contactCenters.get(id);
      if (!current) throw new DomainError('NotFound', 'Unknown contact center');
      return tx.contactCenters.update(id, patch(current));
    });
    if (!updated) throw new DomainError('NotFound', 'Unknown contact center');
    this.deps.forgetContactCenter(id);
    return updated;
  }
}
