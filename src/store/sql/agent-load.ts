import type { AgentLoad, AgentLoadRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  user_id: string;
  active: number;
  idle_since: number;
}

const ensureRow = sql(
  'agentLoad.ensure',
  `INSERT INTO agent_load (user_id, contact_center_id, active, idle_since) VALUES (?, ?, 0, ?)
   ON CONFLICT (user_id) DO NOTHING`,
);
// The conditional write (STYLE.md §7): row locks make a second concurrent reserve re-check `active`.
const reserveRow = sql(
  'agentLoad.reserve',
  `UPDATE agent_load SET active = active + 1, idle_since = ? WHERE user_id = ? AND active < ? AND EXISTS
     (SELECT 1 FROM agent_channels c WHERE c.user_id = agent_load.user_id AND c.channel = 'chat' AND c.state = 'Ready')`,
);
const releaseRow = sql(
  'agentLoad.release',
  'UPDATE agent_load SET active = CASE WHEN active > 0 THEN active - 1 ELSE 0 END, idle_since = ? WHERE user_id = ?',
);
const candidatesOf = sql(
  'agentLoad.candidates',
  `SELECT l.user_id, l.active, l.idle_since FROM agent_load l
   JOIN agent_channels c ON c.user_id = l.user_id AND c.channel = 'chat' AND c.state = 'Ready'
   WHERE l.contact_center_id = ? AND l.active < ? ORDER BY l.active, l.idle_since, l.user_id`,
);
const byUser = sql(
  'agentLoad.byUser',
  'SELECT user_id, active, idle_since FROM agent_load WHERE user_id = ?',
);
const touchRow = sql('agentLoad.touch', 'UPDATE agent_load SET idle_since = ? WHERE user_id = ?');
const readyRow = sql(
  'agentLoad.ready',
  'UPDATE agent_load SET idle_since = ? WHERE user_id = ? AND active = 0',
);

const toLoad = (row: Row): AgentLoad => ({
  userId: row.user_id,
  active: row.active,
  idleSince: row.idle_since,
});

export function agentLoadRepository(db: SqlExecutor): AgentLoadRepository {
  return {
    async ensure(userId, contactCenterId, now) {
      await db.run(ensureRow, [userId, contactCenterId, now]);
    },
    async reserve(userId, capacity, now) {
      return (await db.run(reserveRow, [now, userId, capacity])) === 1;
    },
    async touch(userId, now) {
      await db.run(touchRow, [now, userId]);
    },
    async release(userId, now) {
      await db.run(releaseRow, [now, userId]);
    },
    async candidates(contactCenterId, capacity) {
      return (await db.all<Row>(candidatesOf, [contactCenterId, capacity])).map(toLoad);
    },
    async get(userId) {
      const row = await db.get<Row>(byUser, [userId]);
      return row && toLoad(row);
    },
    async markReady(userId, now) {
      await db.run(readyRow, [now, userId]);
    },
  };
}
