/**
 * The checkpoint worker keeps the WAL small: without it, the writer would let the WAL grow to
 * FALLBACK_PAGES before checkpointing inside a COMMIT.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { sqliteDatabase } from '../../test/support/databases.js';
import { cc } from './contract/fixtures.js';
import type { Checkpointer } from './sqlite-checkpoints.js';

test('the worker checkpoints as commits go by, so the WAL restarts instead of growing', async () => {
  const database = sqliteDatabase();
  const store = await database.open();
  const { checkpointer } = store as unknown as { checkpointer: Checkpointer };
  try {
    await store.contactCenters.create(cc('cc-wal'));
    for (let i = 0; i < 1_000; i++) {
      await store.contactCenters.update('cc-wal', { name: `name ${i}` });
      // Wait for each checkpoint the writer asks for before writing on (idle() is immediate when
      // none runs). A checkpoint that overlaps later commits backfills only part of the WAL, and
      // on a machine busy with other tests the low-priority worker always overlaps them: the WAL
      // then never restarts, which is the writer's fallback at work, not what is tested here.
      await checkpointer.idle();
    }
    const walBytes = statSync(`${database.databaseUrl.replace(/^sqlite:/, '')}-wal`).size;
    // 1,000 commits of one 4 KiB page each leave 4.3 MB of WAL without the worker (measured);
    // with it the WAL restarts from its start after each checkpoint (every 64 commits).
    assert.ok(walBytes < 3_000_000, `WAL is ${walBytes} bytes`);
    assert.equal((await store.contactCenters.get('cc-wal'))?.name, 'name 999');
  } finally {
    await store.close();
    await database.drop();
  }
});
