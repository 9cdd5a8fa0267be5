/**
 * The outbox (notifications/announcer.ts): one row per announced commit, written in the commit's
 * own transaction, deleted once the bus carried it. Rows a node left behind are claimed by any
 * node with a lease (a claimer that dies lets the lease run out, and another node relays them);
 * PostgreSQL skips rows another node is claiming at that moment instead of waiting for them.
 */
import type { OutboxEntry, OutboxRepository } from '../store.js';
import type { SqlExecutor, SqlValue, Statement } from './executor.js';
import { sql } from './executor.js';

export const OUTBOX_COLUMNS = 'key, created_at, claimed_until, payload';
export const insertOutbox = sql(
  'outbox.insert',
  `INSERT INTO outbox (${OUTBOX_COLUMNS}) VALUES (?, ?, 0, ?)`,
);

export const outboxValues = (entry: OutboxEntry): SqlValue[] => [entry.key, entry.createdAt, entry.payload];

const claimText = (lock: string) =>
  `UPDATE outbox SET claimed_until = ? WHERE key IN (
     SELECT key FROM outbox WHERE created_at <= ? AND claimed_until <= ? ORDER BY created_at LIMIT ?${lock})
   RETURNING key, created_at, payload`;
const claimSqlite = sql('outbox.claim', claimText(''));
const claimPostgres = sql('outbox.claim.pg', claimText(' FOR UPDATE SKIP LOCKED'));

/** Deletes are padded to one of a few list lengths, so a handful of prepared statements serve all. */
const REMOVE_SIZES = [1, 4, 16, 64] as const;
const removals = REMOVE_SIZES.map((n) =>
  sql(`outbox.remove.${n}`, `DELETE FROM outbox WHERE key IN (${Array(n).fill('?').join(', ')})`),
);

function removal(count: number): { statement: Statement; size: number } {
  const i = REMOVE_SIZES.findIndex((n) => n >= count);
  return { statement: removals[i]!, size: REMOVE_SIZES[i]! };
}

export function outboxRepository(db: SqlExecutor, dialect: 'sqlite' | 'postgres'): OutboxRepository {
  const claim = dialect === 'postgres' ? claimPostgres : claimSqlite;
  return {
    async add(entry) {
      await db.run(insertOutbox, outboxValues(entry));
    },
    async remove(keys) {
      const max = REMOVE_SIZES.at(-1)!;
      const done: Promise<number>[] = [];
      for (let start = 0; start < keys.length; start += max) {
        const chunk = keys.slice(start, start + max);
        const { statement, size } = removal(chunk.length);
        // Padding repeats the last key: deleting a row twice in one statement deletes it once.
        while (chunk.length < size) chunk.push(chunk.at(-1)!);
        done.push(db.run(statement, chunk));
      }
      await Promise.all(done);
    },
    async claim(createdBefore, now, claimUntil, limit) {
      const rows = await db.all<{ key: string; created_at: number; payload: string }>(claim, [
        claimUntil,
        createdBefore,
        now,
        limit,
      ]);
      return rows
        .map((r) => ({ key: r.key, createdAt: r.created_at, payload: r.payload }))
        .sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1));
    },
  };
}
