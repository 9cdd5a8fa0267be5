import type { LoginFailureRepository, LoginFailures } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  throttle_key: string;
  failures: number;
  window_started_at: number;
  locked_until: number;
}

const COLUMNS = 'throttle_key, failures, window_started_at, locked_until';
const byKey = sql('loginFailures.byKey', `SELECT ${COLUMNS} FROM login_failures WHERE throttle_key = ?`);
// One statement, so concurrent attempts (any node) never lose a count.
const count = sql(
  'loginFailures.count',
  `INSERT INTO login_failures (${COLUMNS}) VALUES (?, 1, ?, 0)
   ON CONFLICT (throttle_key) DO UPDATE SET
     failures = CASE WHEN login_failures.window_started_at <= ? THEN 1 ELSE login_failures.failures + 1 END,
     window_started_at = CASE WHEN login_failures.window_started_at <= ? THEN ?
       ELSE login_failures.window_started_at END
   RETURNING ${COLUMNS}`,
);
const lock = sql(
  'loginFailures.lock',
  `UPDATE login_failures SET locked_until = CASE WHEN locked_until < ? THEN ? ELSE locked_until END
   WHERE throttle_key = ?`,
);
const clearRow = sql('loginFailures.clear', 'DELETE FROM login_failures WHERE throttle_key = ?');
const deleteStale = sql(
  'loginFailures.deleteStale',
  'DELETE FROM login_failures WHERE window_started_at <= ? AND locked_until <= ?',
);

function toRecord(row: Row): LoginFailures {
  return {
    key: row.throttle_key,
    failures: row.failures,
    windowStartedAt: row.window_started_at,
    lockedUntil: row.locked_until,
  };
}

export function loginFailureRepository(db: SqlExecutor): LoginFailureRepository {
  return {
    async get(key) {
      const row = await db.get<Row>(byKey, [key]);
      return row && toRecord(row);
    },
    async count(key, now, windowStartedAfter) {
      const row = await db.get<Row>(count, [key, now, windowStartedAfter, windowStartedAfter, now]);
      if (!row) throw new Error('loginFailures.count returned no row');
      return toRecord(row);
    },
    async lock(key, until) {
      await db.run(lock, [until, until, key]);
    },
    async clear(key) {
      await db.run(clearRow, [key]);
    },
    deleteStale: (before) => db.run(deleteStale, [before, before]),
  };
}
