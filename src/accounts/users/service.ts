/**
 * User provisioning commands. An administrator acts only inside its own contact center: a user
 * of another contact center is "not found" (statusCode 6), never revealed, and user names are
 * unique per contact center, so another one's names neither block nor show. Passwords are hashed
 * before the transaction opens; each change runs in one transaction; a password change or a
 * disable ends the user's sessions.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../auth/passwords.js';
import { DomainError } from '../../errors.js';
import type { Store } from '../../store/store.js';
import type { User } from '../records.js';
import type { Role } from '../roles.js';

export interface Actor {
  readonly userId: string;
  readonly contactCenterId: string;
}

export interface NewUser {
  readonly userName: string;
  readonly password: string;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly roles: readonly Role[];
  readonly enabled?: boolean | undefined;
}

export interface UserChanges {
  readonly userName?: string | undefined;
  readonly password?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly roles?: readonly Role[] | undefined;
  readonly enabled?: boolean | undefined;
}

export interface UserServiceDeps {
  readonly store: Store;
  /** Called after a committed change so cached copies (authenticator) are dropped. */
  readonly forgetUser: (userId: string) => void;
  readonly now?: () => number;
}

export function newUserId(): string {
  return randomBytes(16).toString('hex');
}

export class UserService {
  private readonly now: () => number;

  constructor(private readonly deps: UserServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async create(contactCenterId: string, input: NewUser): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const now = this.now();
    const user: User = {
      id: newUserId(),
      contactCenterId,
      userName: input.userName,
      passwordHash,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      roles: [...input.roles],
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.contactCenters.get(contactCenterId)))
        throw new DomainError('NotFound', 'Unknown contact center');
      try {
        await tx.users.create(user);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'AlreadyExists') {
          throw new DomainError('AlreadyExists', `A user named '${input.userName}' already exists`);
        }
        throw error;
      }
    });
    return user;
  }

  async get(actor: Actor, userId: string): Promise<User> {
    const user = await this.deps.store.users.get(userId);
    if (!user || user.contactCenterId !== actor.contactCenterId)
      throw new DomainError('NotFound', 'Unknown user');
    return user;
  }

  async list(actor: Actor): Promise<User[]> {
    return this.deps.store.users.listByContactCenter(actor.contactCenterId);
  }

  async update(actor: Actor, userId: string, changes: UserChanges): Promise<User> {
    const current = await this.get(actor, userId);
    if (changes.userName !== undefined && changes.userName !== current.userName) {
      throw new DomainError('ReadOnly', 'userName cannot be changed');
    }
    if (
      actor.userId === userId &&
      (changes.enabled === false || (changes.roles && !changes.roles.includes('ROLE_ADMIN')))
    ) {
      throw new DomainError(
        'Forbidden',
        'An administrator cannot disable itself or remove its own ROLE_ADMIN',
      );
    }
    const passwordHash = changes.password === undefined ? undefined : await hashPassword(changes.password);
    const updated = await this.deps.store.transaction(async (tx) => {
      const user = await tx.users.update(userId, {
        firstName: changes.firstName,
        lastName: changes.lastName,
        roles: changes.roles,
        enabled: changes.enabled,
        passwordHash,
        updatedAt: this.now(),
      });
      if (!user) throw new DomainError('NotFound', 'Unknown user');
      if (passwordHash !== undefined || changes.enabled === false) await tx.sessions.deleteForUser(userId);
      return user;
    });
    this.deps.forgetUser(userId);
    return updated;
  }

  async delete(actor: Actor, userId: string): Promise<void> {
    await this.get(actor, userId);
    if (actor.userId === userId) throw new DomainError('Forbidden', 'An administrator cannot delete itself');
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.users.delete(userId))) throw new DomainError('NotFound', 'Unknown user');
    });
    this.deps.forgetUser(userId);
  }
}
