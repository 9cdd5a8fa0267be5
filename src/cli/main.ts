/**
 * `npx parley …` / `npm run parley -- …`: offline provisioning against the configured store
 * (DATABASE_URL, as the server). Exit codes: 0 done, 1 refused (the GWS statusMessage is
 * printed), 2 usage, 78 bad configuration.
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
import { createUser, deleteUser, features, listContactCenters, listUsers, updateUser } from './commands.js';

const USAGE = `usage:
  parley users create --user-name <name> --password <password> --roles ROLE_AGENT[,ROLE_SUPERVISOR,ROLE_ADMIN]
                      [--first-name <name>] [--last-name <name>]
  parley users list
  parley users update <userName> [--password <p>] [--roles <r,…>] [--enabled true|false] [--first-name] [--last-name]
  parley users delete <userName>
  parley features [list|enable|disable] [api-multimedia api-voice api-supervisor-monitoring]
  parley contact-centers list
Every command takes --contact-center <id> when the store holds more than one.`;

async function run(argv: string[], print: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'user-name': { type: 'string' },
      password: { type: 'string' },
      'first-name': { type: 'string' },
      'last-name': { type: 'string' },
      roles: { type: 'string' },
      enabled: { type: 'string' },
      'contact-center': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [noun, verb, ...rest] = positionals;
  if (values.help || !noun) {
    print(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  const store = await openStore(config.databaseUrl);
  try {
    const created = await bootstrap({ store, contactCenterId: config.contactCenterId, admin: config.admin });
    if (created) {
      print(
        `created contact center ${created.contactCenterId} and administrator "${created.admin.userName}"` +
          (created.admin.generated ? ` with password ${created.admin.password}` : ''),
      );
    }
    // Running nodes drop their cached copies of what changed: told through the bus when there is a
    // shared one, else (and should Redis not answer) their caches expire within seconds anyway.
    const signals: Signal[] = [];
    const ctx: CliContext = {
      store,
      print,
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
    const command = `${noun} ${verb ?? ''}`.trim();
    if (command === 'users create') await createUser(ctx, values);
    else if (command === 'users list') await listUsers(ctx, values);
    else if (command === 'users update') await updateUser(ctx, values, rest[0]);
    else if (command === 'users delete') await deleteUser(ctx, values, rest[0]);
    else if (noun === 'features') await features(ctx, values, verb, rest);
    else if (command === 'contact-centers list') await listContactCenters(ctx);
    else {
      print(USAGE);
      return 2;
    }
    if (signals.length > 0 && config.redisUrl) await tellNodes(config.redisUrl, config.redisPrefix, signals);
    return 0;
  } finally {
    await store.close();
  }
}

async function tellNodes(url: string, prefix: string, signals: readonly Signal[]): Promise<void> {
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  try {
    const bus = await RedisBus.open({ url, prefix, logger: quiet, connectTimeoutMs: 2000 });
    try {
      for (const signal of signals) await bus.signal(signal);
    } finally {
      await bus.close();
    }
  } catch (error) {
    process.stderr.write(
      `parley: running nodes not told (${(error as Error).message}); they catch up within seconds\n`,
    );
  }
}

run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.exit(78);
    }
    if (error instanceof DomainError) {
      process.stderr.write(`parley: ${error.message} (statusCode ${catalog[error.code].statusCode})\n`);
      process.exit(1);
    }
    process.stderr.write(`parley: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof TypeError && 'code' in error ? 2 : 1);
  },
);
