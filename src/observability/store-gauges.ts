/**
 * Gauges read from the store at scrape time (observability/metrics.ts), one query each, over the
 * chats that are not over: the `chats_by_phase_only` index (phase first) reaches them without
 * reading the history of ended chats. Each store runs them on its own connections (sqlite.ts,
 * postgres.ts); every node reads the same rows, so these gauges are the deployment's, not the
 * node's.
 */
import type { SqlExecutor } from '../store/sql/executor.js';
import { sql } from '../store/sql/executor.js';

export interface StoreGauges {
  /** Chats not over, by phase (Queued, Offered, Active). */
  chatsByPhase(): Promise<readonly { readonly phase: string; readonly chats: number }[]>;
  /** Chats waiting for an agent (Queued or Offered), by contact center and queue. */
  waitingByQueue(): Promise<readonly QueueRow<'chats'>[]>;
  /** When the oldest of those chats was requested, by contact center and queue (ms). */
  oldestWaitingByQueue(): Promise<readonly QueueRow<'requestedAt'>[]>;
}

export type QueueRow<K extends string> = { readonly contactCenterId: string; readonly queue: string } & {
  readonly [key in K]: number;
};

const byPhase = sql(
  'gauges.chatsByPhase',
  `SELECT phase, COUNT(*) AS n FROM chats WHERE phase IN ('Queued', 'Offered', 'Active') GROUP BY phase`,
);
const waiting = sql(
  'gauges.waitingByQueue',
  `SELECT contact_center_id AS cc, queue, COUNT(*) AS n FROM chats
   WHERE phase IN ('Queued', 'Offered') GROUP BY contact_center_id, queue`,
);
const oldest = sql(
  'gauges.oldestWaitingByQueue',
  `SELECT contact_center_id AS cc, queue, MIN(created_at) AS t FROM chats
   WHERE phase IN ('Queued', 'Offered') GROUP BY contact_center_id, queue`,
);

type Row = { cc: string; queue: string };

export function storeGaugesOn(db: SqlExecutor): StoreGauges {
  return {
    async chatsByPhase() {
      const rows = await db.all<{ phase: string; n: number | string }>(byPhase);
      return rows.map((r) => ({ phase: r.phase, chats: Number(r.n) }));
    },
    async waitingByQueue() {
      const rows = await db.all<Row & { n: number | string }>(waiting);
      return rows.map((r) => ({ contactCenterId: r.cc, queue: r.queue, chats: Number(r.n) }));
    },
    async oldestWaitingByQueue() {
      const rows = await db.all<Row & { t: number | string }>(oldest);
      return rows.map((r) => ({ contactCenterId: r.cc, queue: r.queue, requestedAt: Number(r.t) }));
    },
  };
}
