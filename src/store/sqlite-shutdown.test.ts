/**
 * A clean close leaves the database in one file: the reader and the checkpoint worker close
 * first, so the writer is the last connection and SQLite checkpoints the WAL into the database
 * and deletes it (a read-only connection closing last cannot, and the -wal file stayed).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { sqliteDatabase } from '../../test/support/databases.js';
import { cc } from './contract/fixtures.js';

test('close leaves no -wal or -shm file, and every write is in the database file', async () => {
  const database = sqliteDatabase();
  const path = database.databaseUrl.replace(/^sqlite:/, '');
  try {
    const store = await database.open();
    await store.contactCenters.create(cc('cc-close'));
    // A read outside the open transaction goes to the read-only connection (sqlite.ts).
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = store.transaction(async (tx) => {
      await tx.contactCenters.update('cc-close', { name: 'renamed' });
      await gate;
    });
    assert.equal((await store.contactCenters.get('cc-close'))?.name, 'cc cc-close');
    release();
    await held;
    assert.ok(existsSync(`${path}-wal`), 'the open store writes through its WAL');
    await store.close();
    assert.equal(existsSync(`${path}-wal`), false, 'the WAL was left behind');
    assert.equal(existsSync(`${path}-shm`), false, 'the shared-memory file was left behind');
    const db = new Database(path, { readonly: true });
    try {
      const row = db.prepare('SELECT name FROM contact_centers WHERE id = ?').get('cc-close') as {
        name: string;
      };
      assert.equal(row.name, 'renamed');
    } finally {
      db.close();
    }
  } finally {
    await database.drop();
  }
});
