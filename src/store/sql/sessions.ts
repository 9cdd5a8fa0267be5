import type { SessionRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

const insert = sql(
  'sessions.insert',
  `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
   VALUES (?, ?, ?, ?, ?, ?)`,
);
const byId = sql(
  'sessions.byId',
  'SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = ?',
);
const touchRow = sql(
  'sessions.touch',
  'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?',
);
const deleteRow = sql('sessions.delete', 'DELETE FROM sessions WHERE id_hash = ?');
const deleteForUser = sql('sessions.deleteForUser', 'DELETE FROM sessions WHERE user_id = ?');
const deleteExpired = sql('sessions.deleteExpired', 'DELETE FROM sessions WHERE expires_at <= ?');

export function sessionRepository(db: SqlExecutor): SessionRepository {
  return {
    async create(s) {
      await db.run(insert, [s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt]);
    },
    async get(idHash) {
      const row = await db.get<Row>(byId, [idHash]);
      return (
        row && {
          idHash: row.id_hash,
          userId: row.user_id,
          csrfToken: row.csrf_token,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
        }
      );
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await db.run(touchRow, [lastSeenAt, expiresAt, idHash]);
    },
    async delete(idHash) {
      await db.run(deleteRow, [idHash]);
    },
    deleteForUser: (userId) => db.run(deleteForUser, [userId]),
    deleteExpired: (now) => db.run(deleteExpired, [now]),
  };
}
