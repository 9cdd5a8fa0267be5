import type { SupervisorMode } from '../../chats/model.js';
import type { Subscription, SubscriptionRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  supervisor_id: string;
  agent_id: string;
  contact_center_id: string;
  mode: string;
  scope: string;
  nickname: string;
  created_at: number;
}

const COLUMNS = 'supervisor_id, agent_id, contact_center_id, mode, scope, nickname, created_at';
const upsert = sql(
  'subscriptions.upsert',
  `INSERT INTO supervisions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (supervisor_id, agent_id) DO UPDATE SET mode = excluded.mode, scope = excluded.scope,
     nickname = excluded.nickname, created_at = excluded.created_at`,
);
const one = sql(
  'subscriptions.get',
  `SELECT ${COLUMNS} FROM supervisions WHERE supervisor_id = ? AND agent_id = ?`,
);
const forAgent = sql(
  'subscriptions.forAgent',
  `SELECT ${COLUMNS} FROM supervisions WHERE agent_id = ? ORDER BY created_at, supervisor_id`,
);
const remove = sql(
  'subscriptions.delete',
  'DELETE FROM supervisions WHERE supervisor_id = ? AND agent_id = ?',
);
const consume = sql(
  'subscriptions.consume',
  `DELETE FROM supervisions WHERE supervisor_id = ? AND agent_id = ? AND scope = 'NextChat'`,
);

const toSubscription = (row: Row): Subscription => ({
  supervisorId: row.supervisor_id,
  agentId: row.agent_id,
  contactCenterId: row.contact_center_id,
  mode: row.mode as SupervisorMode,
  scope: row.scope === 'NextChat' ? 'NextChat' : 'AllChats',
  nickname: row.nickname,
  createdAt: row.created_at,
});

export function subscriptionRepository(db: SqlExecutor): SubscriptionRepository {
  return {
    async put(s) {
      await db.run(upsert, [
        s.supervisorId,
        s.agentId,
        s.contactCenterId,
        s.mode,
        s.scope,
        s.nickname,
        s.createdAt,
      ]);
    },
    async get(supervisorId, agentId) {
      const row = await db.get<Row>(one, [supervisorId, agentId]);
      return row && toSubscription(row);
    },
    async forAgent(agentId) {
      return (await db.all<Row>(forAgent, [agentId])).map(toSubscription);
    },
    async delete(supervisorId, agentId) {
      return (await db.run(remove, [supervisorId, agentId])) > 0;
    },
    async consumeNextChat(supervisorId, agentId) {
      return (await db.run(consume, [supervisorId, agentId])) > 0;
    },
  };
}
