/**
 * Contact centers (tenants): creation, features (spec §1.5) and settings. Changes run in one
 * transaction; cached accounts of the contact center are dropped after commit.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { Feature } from '../features.js';
import { FEATURES } from '../features.js';
import type { ContactCenter, ContactCenterSettings } from '../records.js';
import { DEFAULT_SETTINGS } from '../records.js';

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
