import type { AgentChannel, AgentChannelRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

interface Row {
  user_id: string;
  channel: string;
  contact_center_id: string;
  state: string;
  changed_at: number;
}

const forUser = sql(
  'agentChannels.forUser',
  'SELECT user_id, channel, contact_center_id, state, changed_at FROM agent_channels WHERE user_id = ? ORDER BY channel',
);
const forContactCenter = sql(
  'agentChannels.forContactCenter',
  'SELECT user_id, channel, contact_center_id, state, changed_at FROM agent_channels WHERE contact_center_id = ? ORDER BY user_id, channel',
);
const upsert = sql(
  'agentChannels.upsert',
  `INSERT INTO agent_channels (user_id, channel, contact_center_id, state, changed_at) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (user_id, channel) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at`,
);
const deleteForUser = sql('agentChannels.deleteForUser', 'DELETE FROM agent_channels WHERE user_id = ?');

function toAgentChannel(row: Row): AgentChannel {
  return {
    userId: row.user_id,
    channel: row.channel,
    contactCenterId: row.contact_center_id,
    state: row.state === 'Ready' ? 'Ready' : 'NotReady',
    changedAt: row.changed_at,
  };
}

export function agentChannelRepository(db: SqlExecutor): AgentChannelRepository {
  return {
    async listForUser(userId) {
      return (await db.all<Row>(forUser, [userId])).map(toAgentChannel);
    },
    async listForContactCenter(contactCenterId) {
      return (await db.all<Row>(forContactCenter, [contactCenterId])).map(toAgentChannel);
    },
    async put(c) {
      await db.run(upsert, [c.userId, c.channel, c.contactCenterId, c.state, c.changedAt]);
    },
    deleteForUser: (userId) => db.run(deleteForUser, [userId]),
  };
}
