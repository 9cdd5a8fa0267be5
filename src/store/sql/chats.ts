import type { Chat, ChatPhase, UserData } from '../../chats/model.js';
import type { ChatRepository } from '../store.js';
import type { SqlExecutor, SqlValue, Statement } from './executor.js';
import { sql, sqlWithList } from './executor.js';

interface Row {
  id: string;
  contact_center_id: string;
  queue: string;
  subject: string;
  phase: string;
  user_data: string;
  last_index: number;
  created_at: number;
  ended_at: number | null;
  version: number;
}

const COLUMNS =
  'id, contact_center_id, queue, subject, phase, user_data, last_index, created_at, ended_at, version';
const insert = sql(
  'chats.insert',
  `INSERT INTO chats (${COLUMNS}, customer_token_hash, customer_delivered_index, customer_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
);
const byId = sql('chats.byId', `SELECT ${COLUMNS} FROM chats WHERE id = ?`);
const versionOf = sql('chats.version', 'SELECT version AS v FROM chats WHERE id = ?');
const lockSqlite = sql('chats.lock', 'SELECT version AS v FROM chats WHERE id = ?');
const lockPostgres = sql('chats.lock.pg', 'SELECT version AS v FROM chats WHERE id = ? FOR UPDATE');
const byToken = sql('chats.byToken', `SELECT ${COLUMNS} FROM chats WHERE customer_token_hash = ?`);
/** Columns an update may change besides last_index and version: the Chat field, how it is stored. */
const UPDATABLE: readonly { column: string; field: keyof Chat; stored?: (c: Chat) => string }[] = [
  { column: 'queue', field: 'queue' },
  { column: 'subject', field: 'subject' },
  { column: 'phase', field: 'phase' },
  { column: 'user_data', field: 'userData', stored: (c) => JSON.stringify(c.userData) },
  { column: 'ended_at', field: 'endedAt' },
];
const updates = new Map<number, Statement>();

/**
 * An UPDATE that sets only the columns in `mask` (besides last_index and version): SQLite
 * rewrites the entries of every index whose columns are SET, changed or not, so a message —
 * which moves only last_index — must not set `phase` (two indexes) along with it.
 */
export function updateStatement(mask: number): Statement {
  let statement = updates.get(mask);
  if (!statement) {
    statement = sql(`chats.update.${mask}`, chatUpdateText(mask));
    updates.set(mask, statement);
  }
  return statement;
}

/** The versioned UPDATE's text for the columns in `mask`; its parameters come from chatUpdate(). */
export function chatUpdateText(mask: number): string {
  const set = UPDATABLE.filter((_, i) => mask & (1 << i)).map(({ column }) => `${column} = ?, `);
  return `UPDATE chats SET ${set.join('')}last_index = ?, version = ? WHERE id = ? AND version = ?`;
}

/** Which columns `c` changes from `previous` (all without it) and the UPDATE's parameters, in order. */
export function chatUpdate(c: Chat, previous?: Chat): { mask: number; values: SqlValue[] } {
  let mask = 0;
  const values: SqlValue[] = [];
  for (let i = 0; i < UPDATABLE.length; i++) {
    const { field, stored } = UPDATABLE[i]!;
    if (previous && c[field] === previous[field]) continue;
    mask |= 1 << i;
    values.push((stored ? stored(c) : c[field]) as SqlValue);
  }
  values.push(c.lastIndex, c.version, c.id, c.version - 1);
  return { mask, values };
}

const delivered = sql('chats.delivered', 'SELECT customer_delivered_index AS i FROM chats WHERE id = ?');
const setDelivered = sql(
  'chats.setDelivered',
  'UPDATE chats SET customer_delivered_index = ? WHERE id = ? AND customer_delivered_index < ?',
);
const byPhase = sql(
  'chats.byPhase',
  `SELECT ${COLUMNS} FROM chats WHERE contact_center_id = ? AND phase = ? ORDER BY created_at, id LIMIT ?`,
);
const centersInPhases = (count: number) =>
  sqlWithList(
    'chats.centersInPhases',
    count,
    (marks) => `SELECT DISTINCT contact_center_id AS id FROM chats WHERE phase IN (${marks})`,
  );
const touchCustomer = sql(
  'chats.touchCustomer',
  'UPDATE chats SET customer_seen_at = ? WHERE id = ? AND customer_seen_at < ?',
);
const customerSeen = sql('chats.customerSeen', 'SELECT customer_seen_at AS t FROM chats WHERE id = ?');
// The customer's view of waiting (WaitingForAgent): queued, or offered and not yet accepted.
const WAITING = "phase IN ('Queued', 'Offered')";
const countWaiting = sql(
  'chats.countWaiting',
  `SELECT COUNT(*) AS n FROM (SELECT 1 FROM chats WHERE contact_center_id = ? AND ${WAITING} LIMIT ?) w`,
);
const requestedSince = sql(
  'chats.requestedSince',
  `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM (SELECT created_at FROM chats
     WHERE contact_center_id = ? AND created_at > ? ORDER BY created_at LIMIT ?) r`,
);
// `phase <> 'Ended'` as the partial index chats_by_customer_seen says it (migration 8).
const customerIdle = sql(
  'chats.customerIdle',
  `SELECT id FROM chats WHERE contact_center_id = ? AND phase <> 'Ended' AND customer_seen_at <= ?
   ORDER BY customer_seen_at, id LIMIT ?`,
);
const waitingSince = sql(
  'chats.waitingSince',
  `SELECT c.id FROM chats c WHERE c.contact_center_id = ? AND c.${WAITING} AND c.created_at <= ?
     AND NOT EXISTS (SELECT 1 FROM chat_messages m WHERE m.chat_id = c.id AND m.created_at > ?
       AND m.from_participant NOT IN
         (SELECT p.participant_id FROM chat_parties p WHERE p.chat_id = c.id AND p.role = 'customer'))
   ORDER BY c.created_at, c.id LIMIT ?`,
);

/** The latest of a chat's messages matching `where` (m: the message, p: its sender's party). */
const latest = (where: string) => `(SELECT MAX(m.created_at) FROM chat_messages m
     JOIN chat_parties p ON p.chat_id = m.chat_id AND p.participant_id = m.from_participant
     WHERE m.chat_id = c.id AND ${where})`;
const REPLY = "m.type IN ('Text', 'PushUrl') AND m.visibility = 'All'";
const open = sql(
  'chats.open',
  `SELECT ${COLUMNS.split(', ')
    .map((c) => `c.${c}`)
    .join(', ')},
     ${latest(`${REPLY} AND p.role <> 'customer'`)} AS last_agent,
     ${latest(`${REPLY} AND p.role = 'customer'`)} AS last_customer,
     ${latest("p.role <> 'customer'")} AS last_staff
   FROM chats c WHERE c.contact_center_id = ? AND c.phase <> 'Ended' ORDER BY c.created_at, c.id LIMIT ?`,
);

interface OpenRow extends Row {
  last_agent: number | string | null;
  last_customer: number | string | null;
  last_staff: number | string | null;
}

const timeOf = (value: number | string | null) => (value === null ? null : Number(value));

function toChat(row: Row): Chat {
  return {
    id: row.id,
    contactCenterId: row.contact_center_id,
    queue: row.queue,
    subject: row.subject,
    phase: row.phase as ChatPhase,
    userData: JSON.parse(row.user_data) as UserData,
    lastIndex: row.last_index,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    version: row.version,
  };
}

export function chatRepository(db: SqlExecutor, dialect: 'sqlite' | 'postgres'): ChatRepository {
  const lock = dialect === 'postgres' ? lockPostgres : lockSqlite;
  return {
    async insert(c, tokenHash) {
      await db.run(insert, [
        c.id,
        c.contactCenterId,
        c.queue,
        c.subject,
        c.phase,
        JSON.stringify(c.userData),
        c.lastIndex,
        c.createdAt,
        c.endedAt,
        c.version,
        tokenHash,
        c.createdAt,
      ]);
    },
    async get(id) {
      const row = await db.get<Row>(byId, [id]);
      return row && toChat(row);
    },
    async version(id) {
      return (await db.get<{ v: number }>(versionOf, [id]))?.v;
    },
    async lock(id) {
      return (await db.get<{ v: number }>(lock, [id]))?.v;
    },
    async getByCustomerToken(tokenHash) {
      const row = await db.get<Row>(byToken, [tokenHash]);
      return row && toChat(row);
    },
    async update(c, previous) {
      const { mask, values } = chatUpdate(c, previous);
      return (await db.run(updateStatement(mask), values)) === 1;
    },
    async customerDelivered(chatId) {
      return (await db.get<{ i: number }>(delivered, [chatId]))?.i ?? 0;
    },
    async setCustomerDelivered(chatId, index) {
      await db.run(setDelivered, [index, chatId, index]);
    },
    async listByPhase(contactCenterId, phase, limit) {
      return (await db.all<Row>(byPhase, [contactCenterId, phase, limit])).map(toChat);
    },
    async listForUser(userId, states) {
      const statement = sqlWithList(
        'chats.forUser',
        states.length,
        (marks) => `SELECT ${COLUMNS} FROM chats WHERE id IN
           (SELECT chat_id FROM chat_parties WHERE user_id = ? AND state IN (${marks}))
         ORDER BY created_at, id`,
      );
      return (await db.all<Row>(statement, [userId, ...states])).map(toChat);
    },
    async listOpen(contactCenterId, limit) {
      return (await db.all<OpenRow>(open, [contactCenterId, limit])).map((row) => ({
        chat: toChat(row),
        lastAgentMessageAt: timeOf(row.last_agent),
        lastCustomerMessageAt: timeOf(row.last_customer),
        lastStaffMessageAt: timeOf(row.last_staff),
      }));
    },
    async contactCentersInPhases(phases) {
      if (phases.length === 0) return [];
      const rows = await db.all<{ id: string }>(centersInPhases(phases.length), [...phases]);
      return rows.map((r) => r.id);
    },
    async touchCustomer(chatId, at) {
      await db.run(touchCustomer, [at, chatId, at]);
    },
    async customerSeenAt(chatId) {
      return (await db.get<{ t: number }>(customerSeen, [chatId]))?.t;
    },
    async countWaiting(contactCenterId, limit) {
      return Number((await db.get<{ n: number }>(countWaiting, [contactCenterId, limit]))?.n ?? 0);
    },
    async requestedSince(contactCenterId, since, limit) {
      const row = await db.get<{ n: number; oldest: number | null }>(requestedSince, [
        contactCenterId,
        since,
        limit,
      ]);
      return { count: Number(row?.n ?? 0), oldest: row?.oldest ?? undefined };
    },
    async listCustomerIdle(contactCenterId, seenBefore, limit) {
      const rows = await db.all<{ id: string }>(customerIdle, [contactCenterId, seenBefore, limit]);
      return rows.map((r) => r.id);
    },
    async listWaitingSince(contactCenterId, since, limit) {
      const rows = await db.all<{ id: string }>(waitingSince, [contactCenterId, since, since, limit]);
      return rows.map((r) => r.id);
    },
  };
}
