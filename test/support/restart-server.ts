/**
 * The real Parley process on a port of its own that outlives the process: killed (`kill -9`) or
 * stopped (SIGTERM) and started again on the same port and store, so that clients connected to
 * the first process reconnect to the next by themselves — as behind a fixed address in
 * production. main-process.ts spawns each incarnation (and SIGKILLs any left when the test
 * process exits); only those processes are ever signalled.
 *
 * The stacks are restart.test.ts's: one node on a SQLite file, and one node on PostgreSQL with
 * the Redis bus (as each node of a cluster runs). PostgreSQL's is skipped with a reason when
 * PostgreSQL or Redis is missing, except under CI=true.
 */
import { Redis } from 'ioredis';
import { REDIS_URL, redisBusSkip } from './buses.js';
import { freePorts } from './child-process.js';
import type { TestDatabase } from './databases.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from './databases.js';
import { clusterEnv } from './e2e-stack.js';
import type { MainProcess } from './main-process.js';
import { startMain } from './main-process.js';
import type { Skip } from './skips.js';
import { firstSkip } from './skips.js';

export interface RestartStack {
  readonly name: 'sqlite' | 'postgres + redis';
  skip(): Promise<Skip>;
  makeDatabase(): TestDatabase;
}

export const RESTART_STACKS: readonly RestartStack[] = [
  { name: 'sqlite', skip: async () => ({}), makeDatabase: sqliteDatabase },
  {
    name: 'postgres + redis',
    skip: () => firstSkip(postgresSkip, redisBusSkip),
    makeDatabase: postgresDatabase,
  },
];

export interface RestartableServer {
  /** `http://127.0.0.1:<port>`, the same for every incarnation. */
  readonly url: string;
  readonly database: TestDatabase;
  /** SIGKILL: no shutdown at all; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the graceful shutdown); resolves with the exit status. */
  stop(): Promise<number | string>;
  /** A new process on the same port and store (the previous one must have exited). */
  start(): Promise<void>;
  /** What every incarnation printed so far (for failure messages). */
  output(): string;
  /** Stops the process if it runs, drops the database and the Redis keys. */
  dispose(): Promise<void>;
}

/** Starts the first incarnation on a free port, with a fresh database of `stack`. */
export async function startRestartable(
  stack: RestartStack,
  env: Record<string, string> = {},
): Promise<RestartableServer> {
  const database = stack.makeDatabase();
  if (database.name === 'postgres') await (await database.open()).close(); // creates the schema
  const [port] = await freePorts(1);
  const base =
    database.name === 'postgres'
      ? clusterEnv(database, REDIS_URL)
      : { DATABASE_URL: database.databaseUrl, PARLEY_ADMIN: 'admin:admin-password' };
  const fullEnv = {
    ...base,
    LOG_LEVEL: 'warn',
    // Cheaper scrypt for the logins after each restart (npm test sets it for the test process only).
    PARLEY_SCRYPT_COST: '14',
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  let current: MainProcess | undefined;
  let past = '';
  const end = async (signal: NodeJS.Signals) => {
    const ended = current;
    if (!ended) return 'not running';
    current = undefined;
    ended.signal(signal);
    const status = await ended.exited;
    past += `${ended.stdout()}${ended.stderr()}--- exited (${status}) ---\n`;
    return status;
  };
  const server: RestartableServer = {
    url: `http://127.0.0.1:${port}`,
    database,
    kill: async () => void (await end('SIGKILL')),
    stop: () => end('SIGTERM'),
    async start() {
      if (current) throw new Error('the previous incarnation still runs');
      current = await startMain({ env: fullEnv });
    },
    output: () => past + (current ? current.stdout() + current.stderr() : ''),
    async dispose() {
      await end('SIGTERM');
      await database.drop();
      if ('PARLEY_REDIS_PREFIX' in base) await deleteBusKeys(base.PARLEY_REDIS_PREFIX);
    },
  };
  await server.start();
  return server;
}

/** The Redis bus's keys of one deployment (as buses.ts's redisDeployment deletes them). */
async function deleteBusKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis
    .connect()
    .then(() => redis.del(`${prefix}:bus`, `${prefix}:epoch`))
    .catch(() => {});
  redis.disconnect();
}
