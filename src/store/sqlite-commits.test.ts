/**
 * Group commit: what a caller is told matches what is stored — every transaction reported done is
 * in the database, every one reported failed left nothing — also when SQLite itself fails
 * mid-group (here: the database is full).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { GroupCommit } from './sqlite-commits.js';

function database() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  return db;
}

const insert = (db: Database.Database, id: number, bytes: number) => async () => {
  db.prepare('INSERT INTO t (id, body) VALUES (?, ?)').run(id, Buffer.alloc(bytes));
  return id;
};

const stored = (db: Database.Database) =>
  (db.prepare('SELECT id FROM t ORDER BY id').all() as { id: number }[]).map((r) => r.id);

test('transactions of one turn share a COMMIT; a failing one takes back only its own writes', async () => {
  const db = database();
  let commits = 0;
  const group = new GroupCommit(db, () => commits++);
  const results = await Promise.allSettled([
    group.run(insert(db, 1, 10)),
    group.run(async () => {
      await insert(db, 2, 10)();
      throw new Error('decided against it');
    }),
    group.run(insert(db, 3, 10)),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  assert.deepEqual(stored(db), [1, 3]);
  assert.equal(commits, 1, 'one COMMIT for the three');
  assert.equal(db.inTransaction, false);
});

test('when SQLite fails mid-group, nothing reported done is missing and nothing failed is stored', async () => {
  const db = database();
  db.pragma('max_page_count = 12'); // a few pages: a large row cannot fit
  const group = new GroupCommit(db);
  const results = await Promise.allSettled([
    group.run(insert(db, 1, 10)),
    group.run(insert(db, 2, 200_000)), // SQLITE_FULL
    group.run(insert(db, 3, 10)),
  ]);
  assert.equal(results[1]?.status, 'rejected');
  const done = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
  assert.deepEqual(stored(db), done);
  assert.equal(db.inTransaction, false);
  // The store goes on working afterwards.
  assert.equal(await group.run(insert(db, 4, 10)), 4);
  assert.deepEqual(stored(db), [...done, 4]);
});
