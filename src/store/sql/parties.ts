import type { Party, PartyRole, PartyState, PartyVia, SupervisorMode } from '../../chats/model.js';
import type { PartyRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql, sqlWithList } from './executor.js';

interface Row {
  chat_id: string;
  participant_id: string;
  role: string;
  user_id: string | null;
  nickname: string;
  state: string;
  mode: string | null;
  invited_at: number;
  offer_expires_at: number | null;
  via: string;
  monitored_agent_id: string | null;
  shown_to_agents: number;
}

const COLUMNS =
  'chat_id, participant_id, role, user_id, nickname, state, mode, invited_at, offer_expires_at, via, monitored_agent_id, shown_to_agents';
const forChat = sql(
  'parties.forChat',
  `SELECT ${COLUMNS} FROM chat_parties WHERE chat_id = ? ORDER BY invited_at, participant_id`,
);
const upsert = sql(
  'parties.upsert',
  `INSERT INTO chat_parties (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (chat_id, participant_id) DO UPDATE SET nickname = excluded.nickname, state = excluded.state,
     mode = excluded.mode, offer_expires_at = excluded.offer_expires_at, via = excluded.via,
     monitored_agent_id = excluded.monitored_agent_id, shown_to_agents = excluded.shown_to_agents`,
);
const expired = sql(
  'parties.expired',
  `SELECT ${COLUMNS} FROM chat_parties WHERE offer_expires_at <= ? AND state = 'Invited' ORDER BY offer_expires_at LIMIT ?`,
);

const liveAgents = sql(
  'parties.liveAgentsOfOpenChats',
  `SELECT ${COLUMNS.split(', ')
    .map((c) => `p.${c}`)
    .join(', ')} FROM chat_parties p JOIN chats c ON c.id = p.chat_id
   WHERE c.contact_center_id = ? AND c.phase <> 'Ended' AND p.role = 'agent' AND p.state IN ('Invited', 'Chatting')
   ORDER BY p.user_id, c.created_at, p.chat_id`,
);

function toParty(row: Row): Party {
  return {
    chatId: row.chat_id,
    participantId: row.participant_id,
    role: row.role as PartyRole,
    userId: row.user_id,
    nickname: row.nickname,
    state: row.state as PartyState,
    mode: row.mode as SupervisorMode | null,
    invitedAt: row.invited_at,
    offerExpiresAt: row.offer_expires_at,
    via: row.via as PartyVia,
    monitoredAgentId: row.monitored_agent_id,
    ...(Number(row.shown_to_agents) === 1 ? { shownToAgents: true } : {}),
  };
}

export function partyRepository(db: SqlExecutor): PartyRepository {
  return {
    async listForChat(chatId) {
      return (await db.all<Row>(forChat, [chatId])).map(toParty);
    },
    async listForUserChats(userId, states) {
      const statement = sqlWithList(
        'parties.forUserChats',
        states.length,
        (marks) => `SELECT ${COLUMNS} FROM chat_parties WHERE chat_id IN
           (SELECT chat_id FROM chat_parties WHERE user_id = ? AND state IN (${marks}))
         ORDER BY chat_id, invited_at, participant_id`,
      );
      return (await db.all<Row>(statement, [userId, ...states])).map(toParty);
    },
    async listLiveAgentsOfOpenChats(contactCenterId) {
      return (await db.all<Row>(liveAgents, [contactCenterId])).map(toParty);
    },
    async put(p) {
      await db.run(upsert, [
        p.chatId,
        p.participantId,
        p.role,
        p.userId,
        p.nickname,
        p.state,
        p.mode,
        p.invitedAt,
        p.offerExpiresAt,
        p.via,
        p.monitoredAgentId,
        p.shownToAgents ? 1 : 0,
      ]);
    },
    async expiredOffers(now, limit) {
      return (await db.all<Row>(expired, [now, limit])).map(toParty);
    },
  };
}
