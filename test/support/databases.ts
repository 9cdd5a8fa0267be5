/**
 * Real databases for tests (STYLE.md §12: no mocked database). SQLite uses a temporary file;
 * PostgreSQL uses the machine's server (PG_TEST_URL, default postgres://postgres@127.0.0.1:5432/test)
 * with one fresh schema per store, dropped afterwards.
 *
 * When PostgreSQL is unreachable the PostgreSQL cases are skipped with a one-line reason, except
 * under CI=true, where an unreachable PostgreSQL fails the run (never a silent skip).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'node:test';
import pg from 'pg';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { skipUnlessThere } from './skips.js';
import type { Store } from '../../src/store/store.js';

export const POSTGRES_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** The DATABASE_URL a server under test would use, and whatever cleans it up. */
  readonly databaseUrl: string;
  open(): Promise<Store>;
  drop(): Promise<void>;
}

let reachable: Promise<string | undefined> | undefined;

/** undefined when reachable, else the reason. */
export function postgresUnreachable(): Promise<string | undefined> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      return `PostgreSQL unreachable at ${POSTGRES_URL}: ${(error as Error).message}`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** `{ skip: reason }` for node:test when PostgreSQL cannot be used and CI is not set. */
export async function postgresSkip(): Promise<{ skip?: string }> {
  return skipUnlessThere(await postgresUnreachable(), 'PostgreSQL');
}

export function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const path = join(dir, 'parley.db');
  return {
    name: 'sqlite',
    databaseUrl: `sqlite:${path}`,
    open: async () => new SqliteStore(path),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresDatabase(): TestDatabase {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    name: 'postgres',
    databaseUrl: url.toString(),
    open: () => PostgresStore.open({ connectionString: POSTGRES_URL, schema }),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface StoreSuite {
  readonly name: 'sqlite' | 'postgres';
  /** node:test's option for the suite's tests: PostgreSQL's are skipped when it is unreachable. */
  readonly skip: { skip?: string };
  readonly makeDatabase: () => TestDatabase;
}

/** Declares `suite` once per store, as `${title}: sqlite` and `${title}: postgres`. */
export function describeEachStore(title: string, suite: (store: StoreSuite) => void): void {
  const kinds = [
    ['sqlite', sqliteDatabase],
    ['postgres', postgresDatabase],
  ] as const;
  for (const [name, makeDatabase] of kinds) {
    describe(`${title}: ${name}`, async () => {
      const skip = name === 'postgres' ? await postgresSkip() : {};
      suite({ name, skip, makeDatabase });
    });
  }
}
