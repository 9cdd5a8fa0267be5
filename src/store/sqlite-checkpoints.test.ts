/**
 * The checkpoint worker keeps the WAL small: without it, the writer would let the WAL grow to
 * FALLBACK_PAGES before checkpointing inside a COMMIT.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
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
      // Let the worker (at the lowest CPU priority) take its turn, also on a machine busy with
      // other test processes: a pause, then until the checkpoint it was asked for is done.
      if (i % 50 === 49) {
        await sleep(20);
        await checkpointer.idle();
      }
    }
    const walBytes = statSync(`${database.databaseUrl.replace(/^sqlite:/, '')}-wal`).size;
    // 1,000 commits of one 4 KiB page each leave 4.3 MB of WAL without the worker (measured);
    // with it the WAL restarts from its start every few hundred frames (1.6 MB here).
    assert.ok(walBytes < 3_000_000, `WAL is ${walBytes} bytes`);
    assert.equal((await store.contactCenters.get('cc-wal'))?.name, 'name 999');
  } finally {
    await store.close();
    await database.drop();
  }
});
