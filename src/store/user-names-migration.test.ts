/**
 * The migration to user names unique per contact center keeps what the store held: a store built
 * at the version before it, with users, a session and a failed-login row, is opened by today's
 * code (which migrates it), on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { TestDatabase } from '../../test/support/databases.js';
import { describeEachStore } from '../../test/support/databases.js';
import { DomainError } from '../errors.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationText } from './migrations.js';
import type { Store } from './store.js';

const MINE = MIGRATIONS.find((m) => m.name === 'user names per contact center');
if (!MINE) throw new Error('the migration is missing');
const BEFORE = MIGRATIONS.filter((m) => m.version < MINE.version);

const SAM = 'a'.repeat(32);
const ANN = 'b'.repeat(32);
/** The rows as the old schema held them (user_name_key: the bare lower-case name, unique). */
const OLD_ROWS = [
  `INSERT INTO contact_centers (id, name, features, settings, created_at)
     VALUES ('cc-home', 'Default', '[]', '{}', 1), ('cc-b', 'Bee', '[]', '{}', 2)`,
  `INSERT INTO users (id, contact_center_id, user_name, user_name_key, password_hash, first_name,
     last_name, roles, enabled, created_at, updated_at) VALUES
     ('${SAM}', 'cc-home', 'Sam', 'sam', 'scrypt$x', 'Sam', 'S', '["ROLE_AGENT"]', 1, 1, 1),
     ('${ANN}', 'cc-b', 'Ann', 'ann', 'scrypt$y', 'Ann', 'A', '["ROLE_ADMIN"]', 1, 1, 1)`,
  `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
     VALUES ('session-hash', '${SAM}', 'token', 1, 1, 9999999999999)`,
  `INSERT INTO login_failures (user_name_key, failures, window_started_at, locked_until)
     VALUES ('sam', 3, 1, 0)`,
];

async function assertMigrated(store: Store): Promise<void> {
  assert.equal(await store.schemaVersion(), MIGRATIONS.at(-1)?.version);
  const sam = await store.users.get(SAM);
  assert.deepEqual([sam?.userName, sam?.contactCenterId, sam?.passwordHash], ['Sam', 'cc-home', 'scrypt$x']);
  assert.equal((await store.users.getByUserName('SAM', 'cc-home'))?.id, SAM);
  assert.equal((await store.users.getByUserName('ann', 'cc-b'))?.id, ANN);
  assert.equal((await store.users.getByUserName('sam'))?.id, SAM, 'a bare name is the home one');
  assert.equal(await store.users.getByUserName('ann'), undefined);
  assert.equal((await store.sessions.get('session-hash'))?.userId, SAM, 'sessions survive');
  assert.deepEqual(
    (await store.users.listByContactCenter('cc-home')).map((u) => u.id),
    [SAM],
  );
  // Now per contact center: another `sam` in cc-b is a new user; a second one in cc-home is not.
  const now = Date.now();
  const user = {
    passwordHash: 'scrypt$z',
    firstName: '',
    lastName: '',
    enabled: true,
    createdAt: now,
    updatedAt: now,
  };
  await store.users.create({
    ...user,
    id: 'c'.repeat(32),
    contactCenterId: 'cc-b',
    userName: 'sam',
    roles: ['ROLE_AGENT'],
  });
  await assert.rejects(
    store.users.create({
      ...user,
      id: 'd'.repeat(32),
      contactCenterId: 'cc-home',
      userName: 'SAM',
      roles: ['ROLE_AGENT'],
    }),
    (e: unknown) => e instanceof DomainError && e.code === 'AlreadyExists',
  );
  assert.equal((await store.contactCenters.listByName('bee'))[0]?.id, 'cc-b');
}

/** The database as the version before the migration left it, with OLD_ROWS, written straight in it. */
async function buildOldStore(database: TestDatabase): Promise<void> {
  if (database.name === 'sqlite') {
    const db = new Database(database.databaseUrl.replace(/^sqlite:/, ''));
    try {
      db.pragma('foreign_keys = ON');
      db.exec(MIGRATIONS_TABLE);
      for (const m of BEFORE) {
        db.exec(migrationText(m, 'sqlite'));
        db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
      }
      for (const row of OLD_ROWS) db.exec(row);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: database.databaseUrl });
  await client.connect();
  try {
    // The URL's search_path names the test's own schema (databases.ts); nothing has created it yet.
    const { rows } = await client.query<{ schema: string }>(
      "SELECT current_setting('search_path') AS schema",
    );
    const schema = rows[0]?.schema ?? '';
    assert.match(schema, /^parley_test_[0-9a-f]+$/);
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(MIGRATIONS_TABLE);
    for (const m of BEFORE) {
      await client.query(migrationText(m, 'postgres'));
      await client.query('INSERT INTO schema_migrations VALUES ($1, $2, 1)', [m.version, m.name]);
    }
    for (const row of OLD_ROWS) await client.query(row);
  } finally {
    await client.end();
  }
}

describeEachStore('migration: user names per contact center', ({ skip, makeDatabase }) => {
  test('keeps users and sessions', skip, async () => {
    const database = makeDatabase();
    try {
      await buildOldStore(database);
      const store = await database.open();
      try {
        await assertMigrated(store);
        assert.equal(await store.loginFailures.get('sam'), undefined, 'per-name counters are dropped');
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
