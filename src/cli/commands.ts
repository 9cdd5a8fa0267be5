/**
 * The provisioning commands of the CLI, on the same services as the API (so the same rules hold:
 * user names unique per contact center, roles, password length, one contact center per command).
 * Passwords come from a prompt or standard input (password-input.ts).
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { CreateContactCenterBody } from '../accounts/contact-centers/routes.js';
import type { ContactCenterService } from '../accounts/contact-centers/service.js';
import type { Feature } from '../accounts/features.js';
import { FEATURES, isFeature } from '../accounts/features.js';
import { CreateUserBody, UpdateUserBody } from '../accounts/users/schema.js';
import type { UserService } from '../accounts/users/service.js';
import { DomainError } from '../errors.js';
import { createValidatorCompiler, toDomainError } from '../http/validation.js';
import type { Store } from '../store/store.js';
import type { PasswordInput } from './password-input.js';
import { passwordFrom } from './password-input.js';

export interface CliContext {
  readonly store: Store;
  readonly users: UserService;
  readonly contactCenters: ContactCenterService;
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly passwords: PasswordInput;
}

export type Flags = Record<string, string | boolean | undefined>;

const compile: FastifySchemaCompiler<unknown> = createValidatorCompiler();

function validated<T>(schema: TSchema, value: unknown): T {
  const check = compile({ schema, method: 'POST', url: 'cli', httpPart: 'body' }) as ((
    v: unknown,
  ) => boolean) & {
    errors?: Parameters<typeof toDomainError>[0] | null;
  };
  if (!check(value)) throw toDomainError(check.errors ?? [], 'body');
  return value as T;
}

const text = (flags: Flags, name: string): string | undefined =>
  typeof flags[name] === 'string' ? (flags[name] as string) : undefined;

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The contact center a command acts on: --contact-center (id or name), or the only one there is. */
export async function contactCenterOf(ctx: CliContext, flags: Flags): Promise<string> {
  const wanted = text(flags, 'contact-center');
  if (wanted) {
    const byId = await ctx.store.contactCenters.get(wanted);
    if (byId) return byId.id;
    const named = await ctx.store.contactCenters.listByName(wanted);
    if (named.length === 1 && named[0]) return named[0].id;
    throw new DomainError('NotFound', `Unknown contact center '${wanted}'`);
  }
  const all = await ctx.store.contactCenters.list();
  if (all.length === 1 && all[0]) return all[0].id;
  throw new DomainError(
    'MissingParameter',
    `Several contact centers exist; pass --contact-center <id or name>`,
  );
}

async function userByName(ctx: CliContext, contactCenterId: string, userName: string) {
  const user = await ctx.store.users.getByUserName(userName, contactCenterId);
  if (!user) throw new DomainError('NotFound', `No user named '${userName}'`);
  return user;
}

export async function createUser(ctx: CliContext, flags: Flags): Promise<void> {
  const ccId = await contactCenterOf(ctx, flags);
  const userName = text(flags, 'user-name');
  if (!userName) throw new DomainError('MissingParameter', 'usage: parley users create --user-name <name> …');
  const body = validated<CreateUserBody>(CreateUserBody, {
    userName,
    password: await passwordFrom(flags, ctx.passwords, ctx.warn, true),
    firstName: text(flags, 'first-name'),
    lastName: text(flags, 'last-name'),
    roles: list(text(flags, 'roles')),
  });
  const user = await ctx.users.create(ccId, body);
  ctx.print(`created user ${user.userName} (${user.id}) with roles ${user.roles.join(', ')}`);
}

export async function listUsers(ctx: CliContext, flags: Flags): Promise<void> {
  const ccId = await contactCenterOf(ctx, flags);
  for (const u of await ctx.store.users.listByContactCenter(ccId)) {
    ctx.print(
      `${u.id}  ${u.userName.padEnd(24)} ${u.enabled ? 'enabled ' : 'disabled'}  ${u.roles.join(',')}`,
    );
  }
}

export async function updateUser(ctx: CliContext, flags: Flags, userName: string | undefined): Promise<void> {
  if (!userName)
    throw new DomainError('MissingParameter', 'usage: parley users update <userName> [--password …]');
  const ccId = await contactCenterOf(ctx, flags);
  const user = await userByName(ctx, ccId, userName);
  const enabled = text(flags, 'enabled');
  if (enabled !== undefined && enabled !== 'true' && enabled !== 'false') {
    throw new DomainError('ValidationFailed', '--enabled must be true or false');
  }
  const changes = validated<UpdateUserBody>(
    UpdateUserBody,
    Object.fromEntries(
      Object.entries({
        password: await passwordFrom(flags, ctx.passwords, ctx.warn, false),
        firstName: text(flags, 'first-name'),
        lastName: text(flags, 'last-name'),
        roles: list(text(flags, 'roles')),
        enabled: enabled === undefined ? undefined : enabled === 'true',
      }).filter(([, v]) => v !== undefined),
    ),
  );
  // The CLI is the operator's own tool: it acts as no user, so self-protection rules do not apply.
  await ctx.users.update({ userId: '', contactCenterId: ccId }, user.id, changes);
  ctx.print(`updated user ${user.userName}`);
}

export async function deleteUser(ctx: CliContext, flags: Flags, userName: string | undefined): Promise<void> {
  if (!userName) throw new DomainError('MissingParameter', 'usage: parley users delete <userName>');
  const ccId = await contactCenterOf(ctx, flags);
  const user = await userByName(ctx, ccId, userName);
  await ctx.users.delete({ userId: '', contactCenterId: ccId }, user.id);
  ctx.print(`deleted user ${user.userName}`);
}

export async function features(ctx: CliContext, flags: Flags, action: string | undefined, names: string[]) {
  const ccId = await contactCenterOf(ctx, flags);
  if (action === 'enable' || action === 'disable') {
    const unknown = names.filter((n) => !isFeature(n));
    if (names.length === 0 || unknown.length > 0) {
      throw new DomainError('ValidationFailed', `Features must be among ${FEATURES.join(', ')}`);
    }
    const change = { [action]: names as Feature[] };
    await ctx.contactCenters.setFeatures(ccId, change);
  } else if (action !== 'list' && action !== undefined) {
    throw new DomainError('ValidationFailed', 'usage: parley features [list|enable|disable] [feature…]');
  }
  const cc = await ctx.contactCenters.get(ccId);
  ctx.print(`contact center ${cc.id}: ${cc.features.join(', ') || '(no features)'}`);
}

/** A contact center with its first administrator (the operator's tool: no home-center rule). */
export async function createContactCenter(ctx: CliContext, flags: Flags): Promise<void> {
  const name = text(flags, 'name');
  const adminName = text(flags, 'admin');
  if (!name || !adminName) {
    throw new DomainError(
      'MissingParameter',
      'usage: parley contact-centers create --name <name> --admin <userName>',
    );
  }
  const features = list(text(flags, 'features'));
  const body = validated<CreateContactCenterBody>(CreateContactCenterBody, {
    name,
    ...(features ? { features } : {}),
    administrator: {
      userName: adminName,
      password: await passwordFrom(flags, ctx.passwords, ctx.warn, true),
      ...(text(flags, 'first-name') === undefined ? {} : { firstName: text(flags, 'first-name') }),
      ...(text(flags, 'last-name') === undefined ? {} : { lastName: text(flags, 'last-name') }),
    },
  });
  const { contactCenter, administrator } = await ctx.contactCenters.createWithAdministrator(body);
  ctx.print(
    `created contact center ${contactCenter.name} (${contactCenter.id}) with administrator ` +
      `${administrator.userName} (${administrator.id}), who logs in as ${administrator.userName}@${contactCenter.name}`,
  );
}

export async function listContactCenters(ctx: CliContext): Promise<void> {
  for (const cc of await ctx.store.contactCenters.list()) {
    ctx.print(`${cc.id}  ${cc.name}  features: ${cc.features.join(', ')}`);
  }
}
