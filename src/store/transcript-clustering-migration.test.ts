/**
 * Version 10 rebuilds SQLite's chat_messages WITHOUT ROWID (migrations.ts): a database built at
 * version 9 with a transcript, opened by today's code, keeps every message, reads them in index
 * order, still refuses a second message at a taken index, and writes one B-tree per message.
 * (PostgreSQL's version 10 changes nothing; every PostgreSQL test runs it.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Message } from '../chats/model.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationText } from './migrations.js';
import { SqliteStore } from './sqlite.js';

const MINE = MIGRATIONS.find((m) => m.name === 'transcripts clustered by chat');
if (!MINE) throw new Error('the migration is missing');

const message = (chatId: string, index: number, text: string): Message => ({
  chatId,
  index,
  type: 'Text',
  from: 'p-customer',
  visibility: 'All',
  text,
  url: null,
  noticeText: null,
  messageType: null,
  treatAs: null,
  createdAt: 1000 + index,
});

test('migration: transcripts clustered by chat keeps every message (SQLite)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'parley.db');
  const old = new Database(path);
  old.pragma('foreign_keys = ON');
  old.exec(MIGRATIONS_TABLE);
  for (const m of MIGRATIONS.filter((m) => m.version < MINE.version)) {
    old.exec(migrationText(m, 'sqlite'));
    old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, 1);
  }
  old.exec(`INSERT INTO contact_centers (id, name, features, settings, created_at)
    VALUES ('cc', 'Default', '[]', '{}', 1)`);
  const insertChat = old.prepare(`INSERT INTO chats (id, contact_center_id, customer_token_hash, queue,
    subject, phase, user_data, last_index, customer_delivered_index, created_at, version, customer_seen_at)
    VALUES (?, 'cc', ?, 'q', 's', 'Chatting', '{}', 3, 0, 1, 3, 1)`);
  const insertMessage = old.prepare(`INSERT INTO chat_messages (chat_id, idx, type, from_participant,
    visibility, text, created_at) VALUES (?, ?, 'Text', 'p-customer', 'All', ?, ?)`);
  for (const chat of ['c1', 'c2']) insertChat.run(chat, `token-${chat}`);
  // Rows written out of index order and interleaved between chats.
  for (const [chat, index] of [
    ['c1', 2],
    ['c2', 1],
    ['c1', 1],
    ['c2', 3],
    ['c1', 3],
    ['c2', 2],
  ] as const) {
    insertMessage.run(chat, index, `${chat}#${index}`, 1000 + index);
  }
  old.close();

  const store = new SqliteStore(path);
  try {
    assert.equal(await store.schemaVersion(), MIGRATIONS.at(-1)?.version);
    for (const chat of ['c1', 'c2']) {
      const texts = (await store.messages.list(chat, 0, 10)).map((m) => m.text);
      assert.deepEqual(texts, [`${chat}#1`, `${chat}#2`, `${chat}#3`]);
    }
    await store.messages.append([message('c1', 4, 'after the upgrade')]);
    assert.deepEqual(
      (await store.messages.list('c1', 3, 10)).map((m) => m.text),
      ['after the upgrade'],
    );
    await assert.rejects(store.messages.append([message('c1', 4, 'the same index again')]));
  } finally {
    await store.close();
  }
  const upgraded = new Database(path, { readonly: true });
  try {
    const { sql } = upgraded.prepare("SELECT sql FROM sqlite_master WHERE name = 'chat_messages'").get() as {
      sql: string;
    };
    assert.match(sql, /WITHOUT ROWID\s*$/);
    const trees = upgraded
      .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'chat_messages' AND type = 'index'")
      .all();
    assert.deepEqual(trees, [], 'no separate key index beside the table');
    const keys = upgraded.prepare('PRAGMA foreign_key_list(chat_messages)').all() as { table: string }[];
    assert.deepEqual(
      keys.map((k) => k.table),
      ['chats'],
    );
  } finally {
    upgraded.close();
  }
});
