/**
 * The embedded store: better-sqlite3 (synchronous) behind the async interface.
 *
 * One connection serves the process, so a transaction must not interleave with other work: a
 * transaction holds a gate, and every call made outside a transaction waits for the gate. Calls
 * made through the transaction's own repositories pass. WAL mode lets other processes read.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../errors.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationText } from './migrations.js';
import type { SqlExecutor, SqlValue, Statement } from './sql/executor.js';
import { repositoriesOn } from './sql/repositories.js';
import type { Repositories, Store } from './store.js';

type Prepared = Database.Statement<unknown[], unknown>;

// The repositories are assigned in the constructor (declaration merging types them).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface SqliteStore extends Repositories {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly prepared = new Map<string, Prepared>();
  private readonly txRepositories: Repositories;
  /** Whether a transaction holds the connection; waiters queue first in, first out. */
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    Object.assign(this, repositoriesOn(this.executor(true)));
    this.txRepositories = repositoriesOn(this.executor(false));
  }

  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      this.control('BEGIN IMMEDIATE');
      try {
        const result = await work(this.txRepositories);
        this.control('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.control('ROLLBACK');
        throw error;
      }
    } finally {
      this.release();
    }
  }

  /** Takes the connection; a waiter is handed it directly, so a release wakes exactly one. */
  private acquire(): Promise<void> | void {
    if (!this.locked) {
      this.locked = true;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.locked = false;
  }

  async schemaVersion(): Promise<number> {
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  async close(): Promise<void> {
    await this.acquire();
    if (this.db.open) this.db.close();
    this.release();
  }

  private migrate(): void {
    this.db.exec(MIGRATIONS_TABLE);
    const apply = this.db.transaction(() => {
      const applied = new Set(
        (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
          (r) => r.version,
        ),
      );
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

  /** BEGIN / COMMIT / ROLLBACK as prepared statements: `exec` would parse them on every command. */
  private control(text: 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
    let prepared = this.prepared.get(text);
    if (!prepared) {
      prepared = this.db.prepare(text);
      this.prepared.set(text, prepared);
    }
    prepared.run();
  }

  private statement(statement: Statement): Prepared {
    let prepared = this.prepared.get(statement.name);
    if (!prepared) {
      prepared = this.db.prepare(statement.text);
      this.prepared.set(statement.name, prepared);
    }
    return prepared;
  }

  private executor(waitForGate: boolean): SqlExecutor {
    const attempt = <R>(fn: () => R): R => {
      try {
        return fn();
      } catch (error) {
        throw translate(error);
      }
    };
    // Outside a transaction a statement runs at once, unless a transaction holds the connection:
    // then it waits its turn (it must neither see nor join the open transaction).
    const run = async <R>(fn: () => R): Promise<R> => {
      if (!waitForGate || !this.locked) return attempt(fn);
      await this.acquire();
      try {
        return attempt(fn);
      } finally {
        this.release();
      }
    };
    return {
      all: <Row>(s: Statement, p: readonly SqlValue[] = []) =>
        run(() => this.statement(s).all(...p) as Row[]),
      get: <Row>(s: Statement, p: readonly SqlValue[] = []) =>
        run(() => this.statement(s).get(...p) as Row | undefined),
      run: (s: Statement, p: readonly SqlValue[] = []) => run(() => this.statement(s).run(...p).changes),
    };
  }
}

function translate(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new DomainError('AlreadyExists');
  }
  return error;
}
