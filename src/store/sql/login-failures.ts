import type { LoginFailureRepository, LoginFailures } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  user_name_key: string;
  failures: number;
  window_started_at: number;
  locked_until: number;
}

const byKey = sql(
  'loginFailures.byKey',
  'SELECT user_name_key, failures, window_started_at, locked_until FROM login_failures WHERE user_name_key = ?',
);
const upsert = sql(
  'loginFailures.upsert',
  `INSERT INTO login_failures (user_name_key, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)
   ON CONFLICT (user_name_key) DO UPDATE SET failures = excluded.failures,
     window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
);
const clearRow = sql('loginFailures.clear', 'DELETE FROM login_failures WHERE user_name_key = ?');

export function loginFailureRepository(db: SqlExecutor): LoginFailureRepository {
  return {
    async get(userNameKey): Promise<LoginFailures | undefined> {
      const row = await db.get<Row>(byKey, [userNameKey]);
      return (
        row && {
          userNameKey: row.user_name_key,
          failures: row.failures,
          windowStartedAt: row.window_started_at,
          lockedUntil: row.locked_until,
        }
      );
    },
    async put(r) {
      await db.run(upsert, [r.userNameKey, r.failures, r.windowStartedAt, r.lockedUntil]);
    },
    async clear(userNameKey) {
      await db.run(clearRow, [userNameKey]);
    },
  };
}
