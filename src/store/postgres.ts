/**
 * The server store: PostgreSQL through a `pg` pool. Statements are named, so each connection
 * prepares each one once. A transaction takes one pooled connection for its whole duration.
 * BIGINT (millisecond times) is parsed to a JS number; every value Parley stores fits in 2^53.
 */
import { Socket } from 'node:net';
import pg from 'pg';
import { DomainError } from '../errors.js';
import type { StoreGauges } from '../observability/store-gauges.js';
import { storeGaugesOn } from '../observability/store-gauges.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationText } from './migrations.js';
import { refuseNewerSchema } from './newer-schema.js';
import type { SqlExecutor, SqlValue, Statement } from './sql/executor.js';
import { repositoriesOn } from './sql/repositories.js';
import type { Chat, Message } from '../chats/model.js';
import { GroupedAppends, groupConnection } from './postgres-appends.js';
import type { OutboxEntry, Repositories, Store } from './store.js';

const INT8_OID = 20;
const MIGRATION_LOCK = 7_346_221; // pg_advisory_lock key: one migrator at a time across nodes

export interface PostgresOptions {
  readonly connectionString: string;
  /** Schema to use (created if missing); tests use one schema each. */
  readonly schema?: string;
  readonly maxConnections?: number;
  /**
   * An idle pooled connection failed (e.g. the server restarted); the pool opens a new one.
   * Default: a process warning (on stderr), never silence.
   */
  readonly onConnectionError?: (error: Error) => void;
  /** Names the connections in pg_stat_activity. Default `parley`. */
  readonly applicationName?: string;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

// The repositories are assigned in the constructor (declaration merging types them).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PostgresStore extends Repositories {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly ordered = false;

  private readonly pooled: SqlExecutor;
  private readonly appends: GroupedAppends;
  /** Scrape-time gauges (observability/store-gauges.ts), on the pool. */
  readonly gauges: StoreGauges;

  private constructor(private readonly pool: pg.Pool) {
    this.pooled = executorOn(pool);
    this.appends = new GroupedAppends(this.pooled, async () => {
      const client = await pool.connect();
      const { executor, coalesce } = forClient(client);
      return groupConnection(client, executor, coalesce);
    });
    Object.assign(this, repositoriesOn(this.pooled, 'postgres'));
    this.gauges = storeGaugesOn(this.pooled);
  }

  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'parley',
      // Queries issued without waiting go out together (BEGIN with a transaction's first statement,
      // a command's writes in one round trip); each still has its own Sync, so errors stay apart.
      pipeline: true,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as never,
      },
    });
    // An idle client's error (e.g. the server restarting) must not crash the process; it is
    // reported, and the pool connects anew for the next query.
    const onConnectionError = options.onConnectionError ?? warnOfConnectionError;
    pool.on('error', (error) => onConnectionError(error));
    try {
      if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await migrate(pool, schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      // Pipelined with the first statement; awaited before COMMIT so a failure cannot be missed.
      const { repositories, coalesce } = forClient(client);
      coalesce();
      const begun = client.query('BEGIN');
      begun.catch(() => {});
      const result = await work(repositories);
      await begun;
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  /** One statement (sql/chat-append.ts), in the transaction of its turn's group (postgres-appends.ts). */
  appendToChat(
    chat: Chat,
    previous: Chat,
    messages: readonly Message[],
    outbox?: OutboxEntry,
  ): Promise<boolean> {
    return this.appends.append({ chat, previous, messages, outbox });
  }

  async schemaVersion(): Promise<number> {
    const result = await this.pool.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_migrations',
    );
    return result.rows[0]?.v ?? 0;
  }

  async close(): Promise<void> {
    await this.appends.settled();
    await this.pool.end();
  }
}

function warnOfConnectionError(error: Error): void {
  process.emitWarning(`a pooled PostgreSQL connection failed (${error.message}); reconnecting`, {
    type: 'ParleyStoreWarning',
    code: (error as { code?: string }).code,
  });
}

async function migrate(pool: pg.Pool, schema: string | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const applied = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    refuseNewerSchema(
      applied,
      schema ? `the PostgreSQL database (schema ${schema})` : 'the PostgreSQL database',
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migrationText(migration, 'postgres'));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          Date.now(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/**
 * node-postgres writes every protocol message of a query (Bind, Describe, Execute, Sync) with its
 * own socket write. On a connection, the queries issued in one burst are corked and leave in one
 * write when the burst's promise jobs are done. A pool (no single socket) is left as it is.
 */
function corker(client: pg.PoolClient): () => void {
  const stream = (client as pg.PoolClient & { connection?: { stream?: unknown } }).connection?.stream;
  if (!(stream instanceof Socket)) return () => {};
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    stream.cork();
    process.nextTick(() => {
      corked = false;
      stream.uncork();
    });
  };
}

interface ClientParts {
  readonly repositories: Repositories;
  readonly executor: SqlExecutor;
  /** Corks the connection until the current burst of queries is written (see corker). */
  readonly coalesce: () => void;
}

/** A pooled connection's repositories, built once per connection instead of per transaction. */
const byClient = new WeakMap<pg.PoolClient, ClientParts>();
function forClient(client: pg.PoolClient): ClientParts {
  let parts = byClient.get(client);
  if (!parts) {
    const coalesce = corker(client);
    const executor = executorOn(client, coalesce);
    parts = { repositories: repositoriesOn(executor, 'postgres'), executor, coalesce };
    byClient.set(client, parts);
  }
  return parts;
}

function executorOn(db: Queryable, coalesce: () => void = () => {}): SqlExecutor {
  const query = async <Row>(s: Statement, p: readonly SqlValue[]) => {
    coalesce();
    try {
      return await db.query<Row & pg.QueryResultRow>({
        name: s.name,
        text: s.pgText,
        values: p as SqlValue[],
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === '23505') throw new DomainError('AlreadyExists');
      throw error;
    }
  };
  return {
    all: async <Row>(s: Statement, p: readonly SqlValue[] = []) => (await query<Row>(s, p)).rows,
    get: async <Row>(s: Statement, p: readonly SqlValue[] = []) => (await query<Row>(s, p)).rows[0],
    run: async (s: Statement, p: readonly SqlValue[] = []) => (await query(s, p)).rowCount ?? 0,
  };
}
