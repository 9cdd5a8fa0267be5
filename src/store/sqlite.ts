/**
 * The embedded store: better-sqlite3 (synchronous) behind the async interface.
 *
 * One connection writes. Transactions share COMMITs (sqlite-commits.ts: each runs in its own
 * savepoint, the group commits at the end of the event-loop turn); a write made outside a
 * transaction is a transaction of its own. Reads made outside a transaction never wait: with no
 * group open they use the writing connection, else a second, read-only connection, which in WAL
 * mode sees exactly what has been committed and so never the open group. An in-memory database
 * has no second connection: there such a read waits for the open group. WAL checkpoints run in a
 * worker (sqlite-checkpoints.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../errors.js';
import type { StoreGauges } from '../observability/store-gauges.js';
import { storeGaugesOn } from '../observability/store-gauges.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationText } from './migrations.js';
import { refuseNewerSchema } from './newer-schema.js';
import { Checkpointer, FALLBACK_PAGES } from './sqlite-checkpoints.js';
import { GroupCommit } from './sqlite-commits.js';
import type { SqlExecutor, SqlValue, Statement } from './sql/executor.js';
import { chatUpdate, updateStatement } from './sql/chats.js';
import { insertMessage, messageValues } from './sql/messages.js';
import { insertOutbox, outboxValues } from './sql/outbox.js';
import { repositoriesOn } from './sql/repositories.js';
import type { Chat, Message } from '../chats/model.js';
import type { OutboxEntry, Repositories, Store } from './store.js';

type Prepared = Database.Statement<unknown[], unknown>;

// The repositories are assigned in the constructor (declaration merging types them).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface SqliteStore extends Repositories {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly ordered = true;
  private readonly db: Database.Database;
  /** Read-only connection for reads outside transactions; undefined for `:memory:`. */
  private readonly reader: Database.Database | undefined;
  private readonly commits: GroupCommit;
  /** Checkpoints the WAL in a worker thread; undefined for `:memory:`. */
  private readonly checkpointer: Checkpointer | undefined;
  private readonly txRepositories: Repositories;
  /** Scrape-time gauges (observability/store-gauges.ts), read like any read outside a transaction. */
  readonly gauges: StoreGauges;
  /** Prepared statements of the writing connection, in and outside transactions alike. */
  private readonly writerStatements = new Map<string, Prepared>();

  constructor(private readonly path: string) {
    const inMemory = path === ':memory:';
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    // Each grouped transaction is a savepoint; its undo journal stays in memory, not a temp file.
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('busy_timeout = 5000');
    try {
      this.migrate();
    } catch (error) {
      this.db.close();
      throw error;
    }
    if (!inMemory) {
      this.reader = new Database(path, { readonly: true });
      this.reader.pragma('busy_timeout = 5000');
      this.db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
      this.checkpointer = new Checkpointer(path);
    }
    const checkpointer = this.checkpointer;
    this.commits = new GroupCommit(this.db, checkpointer && (() => checkpointer.committed()));
    const inside = this.inside();
    this.txRepositories = repositoriesOn(inside, 'sqlite');
    const outside = this.outside(inside);
    Object.assign(this, repositoriesOn(outside, 'sqlite'));
    this.gauges = storeGaugesOn(outside);
  }

  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.commits.run(() => work(this.txRepositories));
  }

  /**
   * The UPDATE and the INSERTs run synchronously in one grouped transaction (SQLite has no UPDATE
   * inside WITH): no promise between them, as this is the engine's most frequent write.
   */
  appendToChat(
    chat: Chat,
    previous: Chat,
    messages: readonly Message[],
    outbox?: OutboxEntry,
  ): Promise<boolean> {
    const { mask, values } = chatUpdate(chat, previous);
    return this.commits.run(async () =>
      attempt(() => {
        if (this.writer(updateStatement(mask)).run(...values).changes !== 1) return false;
        const insert = this.writer(insertMessage);
        for (const message of messages) insert.run(...messageValues(message));
        if (outbox) this.writer(insertOutbox).run(...outboxValues(outbox));
        return true;
      }),
    );
  }

  async schemaVersion(): Promise<number> {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  /**
   * Closes the connections so that the writer is the last: the last connection to close checkpoints
   * the WAL into the database file and deletes it, but only if it can write. The reader (once it
   * has read, it keeps the WAL open) and the checkpoint worker go first; a writer closed before
   * them left the -wal and -shm files behind, for the next start to replay.
   */
  async close(): Promise<void> {
    await this.commits.whenIdle();
    if (this.reader?.open) this.reader.close();
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    this.db.exec(MIGRATIONS_TABLE);
    const apply = this.db.transaction(() => {
      const applied = new Set(
        (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
          (r) => r.version,
        ),
      );
      refuseNewerSchema(applied, `the SQLite database ${this.path}`);
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migrationText(migration, 'sqlite'));
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(migration.version, migration.name, Date.now());
      }
    });
    apply.immediate();
  }

  private statement(db: Database.Database, cache: Map<string, Prepared>, statement: Statement): Prepared {
    let prepared = cache.get(statement.name);
    if (!prepared) {
      prepared = db.prepare(statement.text);
      cache.set(statement.name, prepared);
    }
    return prepared;
  }

  /** The writing connection's prepared form of `s` (one cache, in and outside transactions). */
  private writer(s: Statement): Prepared {
    return this.statement(this.db, this.writerStatements, s);
  }

  /** Statements of an open transaction: they run at once on the writing connection. */
  private inside(): SqlExecutor {
    return {
      all: async <Row>(s: Statement, p: readonly SqlValue[] = []) =>
        attempt(() => this.writer(s).all(...p) as Row[]),
      get: async <Row>(s: Statement, p: readonly SqlValue[] = []) =>
        attempt(() => this.writer(s).get(...p) as Row | undefined),
      run: async (s: Statement, p: readonly SqlValue[] = []) =>
        attempt(() => this.writer(s).run(...p).changes),
    };
  }

  /**
   * Statements outside a transaction. Writes are a transaction of their own. A read runs at once:
   * on the writing connection when no group is open (its page cache is warm and it sees exactly
   * what is committed), else on the read-only connection (which a commit makes re-read its pages,
   * but which never sees the open group) — or, in memory, after the group.
   */
  private outside(tx: SqlExecutor): SqlExecutor {
    const readerCache = new Map<string, Prepared>();
    const reader = this.reader;
    const isRead = (s: Statement) => s.text.trimStart().slice(0, 6).toUpperCase() === 'SELECT';
    /** The connection a read may use now, or undefined when it must wait for the open group. */
    const readOn = (s: Statement): Prepared | undefined => {
      if (!this.db.inTransaction) return this.writer(s);
      return reader && this.statement(reader, readerCache, s);
    };
    return {
      all: async <Row>(s: Statement, p: readonly SqlValue[] = []) => {
        const on = isRead(s) ? readOn(s) : undefined;
        return on ? attempt(() => on.all(...p) as Row[]) : this.commits.run(() => tx.all<Row>(s, p));
      },
      get: async <Row>(s: Statement, p: readonly SqlValue[] = []) => {
        const on = isRead(s) ? readOn(s) : undefined;
        return on
          ? attempt(() => on.get(...p) as Row | undefined)
          : this.commits.run(() => tx.get<Row>(s, p));
      },
      run: (s: Statement, p: readonly SqlValue[] = []) => this.commits.run(() => tx.run(s, p)),
    };
  }
}

function attempt<R>(fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    throw translate(error);
  }
}

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DomainError('AlreadyExists');
  }
  return error;
}
