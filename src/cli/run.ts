/**
 * The CLI as a function (main.ts gives it the process): parses argv, opens the configured store
 * (DATABASE_URL, as the server), runs one command and answers the exit code: 0 done, 1 refused
 * (the GWS statusMessage is printed), 2 usage, 78 bad configuration.
 */
import { parseArgs } from 'node:util';
import { bootstrap } from '../accounts/bootstrap.js';
import { ContactCenterService } from '../accounts/contact-centers/service.js';
import { UserService } from '../accounts/users/service.js';
import { ConfigError, loadConfig } from '../config.js';
import { catalog, DomainError } from '../errors.js';
import type { Signal } from '../notifications/bus.js';
import { RedisBus } from '../notifications/redis-bus.js';
import { openStore } from '../store/open-store.js';
import type { CliContext } from './commands.js';
import {
  createContactCenter,
  createUser,
  deleteUser,
  features,
  listContactCenters,
  listUsers,
  updateUser,
} from './commands.js';
import type { PasswordInput } from './password-input.js';

const USAGE = `usage:
  parley users create --user-name <name> --roles ROLE_AGENT[,ROLE_SUPERVISOR,ROLE_ADMIN]
                      [--first-name <name>] [--last-name <name>] [--password-stdin]
  parley users list
  parley users update <userName> [--password-stdin] [--roles <r,…>] [--enabled true|false] [--first-name] [--last-name]
  parley users delete <userName>
  parley features [list|enable|disable] [api-multimedia api-voice api-supervisor-monitoring]
  parley contact-centers create --name <name> --admin <userName> [--features <f,…>]
                      [--first-name <name>] [--last-name <name>] [--password-stdin]
  parley contact-centers list
A new account's password is asked for on the terminal, or read from the first line of standard
input with --password-stdin (--password <p> works too, but shows in ps and shell history).
Every users and features command takes --contact-center <id or name> when the store holds more than one.`;

export interface CliIo {
  readonly print: (line: string) => void;
  readonly warn: (line: string) => void;
  readonly passwords: PasswordInput;
  /** The environment to configure from (default: the process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    return await command(argv, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.warn(`parley: ${error.message}`);
      return 78;
    }
    if (error instanceof DomainError) {
      io.warn(`parley: ${error.message} (statusCode ${catalog[error.code].statusCode})`);
      return 1;
    }
    io.warn(`parley: ${error instanceof Error ? error.message : String(error)}`);
    // parseArgs reports an unknown or malformed option as a TypeError with a code: usage.
    return error instanceof TypeError && 'code' in error ? 2 : 1;
  }
}

async function command(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'user-name': { type: 'string' },
      password: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      roles: { type: 'string' },
      enabled: { type: 'string' },
      'contact-center': { type: 'string' },
      name: { type: 'string' },
      admin: { type: 'string' },
      features: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [noun, verb, ...rest] = positionals;
  if (values.help || !noun) {
    io.print(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(io.env);
  const store = await openStore(config.databaseUrl);
  try {
    const created = await bootstrap({ store, contactCenterId: config.contactCenterId, admin: config.admin });
    if (created) {
      io.print(
        `created contact center ${created.contactCenterId} and administrator "${created.admin.userName}"` +
          (created.admin.generated ? ` with password ${created.admin.password}` : ''),
      );
    }
    // Running nodes drop their cached copies of what changed: told through the bus when there is a
    // shared one, else (and should Redis not answer) their caches expire within seconds anyway.
    const signals: Signal[] = [];
    const ctx: CliContext = {
      store,
      print: io.print,
      warn: io.warn,
      passwords: io.passwords,
      users: new UserService({
        store,
        forgetUser: (userId) => signals.push({ kind: 'UserChanged', userId }),
      }),
      contactCenters: new ContactCenterService({
        store,
        forgetContactCenter: (contactCenterId) =>
          signals.push({ kind: 'ContactCenterChanged', contactCenterId }),
      }),
    };
    const name = `${noun} ${verb ?? ''}`.trim();
    if (name === 'users create') await createUser(ctx, values);
    else if (name === 'users list') await listUsers(ctx, values);
    else if (name === 'users update') await updateUser(ctx, values, rest[0]);
    else if (name === 'users delete') await deleteUser(ctx, values, rest[0]);
    else if (noun === 'features') await features(ctx, values, verb, rest);
    else if (name === 'contact-centers create') await createContactCenter(ctx, values);
    else if (name === 'contact-centers list') await listContactCenters(ctx);
    else {
      io.print(USAGE);
      return 2;
    }
    if (signals.length > 0 && config.redisUrl)
      await tellNodes(config.redisUrl, config.redisPrefix, signals, io);
    return 0;
  } finally {
    await store.close();
  }
}

async function tellNodes(url: string, prefix: string, signals: readonly Signal[], io: CliIo): Promise<void> {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  try {
    const bus = await RedisBus.open({ url, prefix, logger: quiet, connectTimeoutMs: 2000 });
    try {
      for (const signal of signals) await bus.signal(signal);
    } finally {
      await bus.close();
    }
  } catch (error) {
    io.warn(`parley: running nodes not told (${(error as Error).message}); they catch up within seconds`);
  }
}
