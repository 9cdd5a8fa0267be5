/**
 * A database migrated by a newer Parley (a schema_migrations version above the highest this build
 * knows) is refused at open, on both stores, with a message that says what to do; this build does
 * not run against tables it does not understand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from '../../test/support/databases.js';
import { describeEachStore } from '../../test/support/databases.js';
import { MIGRATIONS } from './migrations.js';

const KNOWN = MIGRATIONS.at(-1)?.version ?? 0;
const NEWER = KNOWN + 3;

/** Records version NEWER as a newer Parley would have, straight in the database. */
async function migrateAsNewerParley(database: TestDatabase): Promise<void> {
  const row = [NEWER, 'from a newer Parley', Date.now()];
  if (database.name === 'sqlite') {
    const db = new Database(database.databaseUrl.replace(/^sqlite:/, ''));
    try {
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(...row);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', row);
  } finally {
    await client.end();
  }
}

describeEachStore('schema version', ({ skip, makeDatabase }) => {
  test('a database migrated by a newer Parley is refused at open, with what to do', skip, async () => {
    const database = makeDatabase();
    try {
      await (await database.open()).close();
      await migrateAsNewerParley(database);
      await assert.rejects(database.open(), (error: Error) => {
        assert.match(error.message, new RegExp(`schema version ${NEWER}`));
        assert.match(error.message, new RegExp(`knows versions up to ${KNOWN}`));
        assert.match(error.message, /newer Parley/);
        assert.match(error.message, /upgrade Parley|restore/i);
        return true;
      });
    } finally {
      await database.drop();
    }
  });

  test('a database at this build’s own version opens as before', skip, async () => {
    const database = makeDatabase();
    try {
      await (await database.open()).close();
      const store = await database.open();
      assert.equal(await store.schemaVersion(), KNOWN);
      await store.close();
    } finally {
      await database.drop();
    }
  });
});
