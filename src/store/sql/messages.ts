import type { Message, MessageType, Visibility } from '../../chats/model.js';
import type { AudienceMessage, AudienceStart, MessageRepository } from '../store.js';
import type { SqlExecutor, SqlValue } from './executor.js';
import { sql, sqlWithList } from './executor.js';
import { MAX_BIGINT, MAX_INDEX } from './bounds.js';

interface Row {
  chat_id: string;
  idx: number;
  type: string;
  from_participant: string;
  visibility: string;
  text: string | null;
  url: string | null;
  notice_text: string | null;
  message_type: string | null;
  treat_as: string | null;
  created_at: number;
}

interface AudienceRow extends Row {
  audience_idx: number;
}

export const MESSAGE_COLUMNS =
  'chat_id, idx, type, from_participant, visibility, text, url, notice_text, message_type, treat_as, created_at';

/** A message's stored values, in MESSAGE_COLUMNS order. */
export function messageValues(m: Message): SqlValue[] {
  return [
    m.chatId,
    m.index,
    m.type,
    m.from,
    m.visibility,
    m.text,
    m.url,
    m.noticeText,
    m.messageType,
    m.treatAs,
    m.createdAt,
  ];
}
export const insertMessage = sql(
  'messages.insert',
  `INSERT INTO chat_messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const after = sql(
  'messages.after',
  `SELECT ${MESSAGE_COLUMNS} FROM chat_messages WHERE chat_id = ? AND idx > ? ORDER BY idx LIMIT ?`,
);

/**
 * An audience's messages after a chat-wide index (customer polling without `index`, spec §6.1):
 * each is numbered by how many of the audience's messages the chat holds up to it, i.e. those up
 * to `afterIndex` (one count) plus its rank among the rows returned.
 */
const visibleAfter = (length: number) =>
  sqlWithList(
    'messages.visibleAfter',
    length,
    (marks) => `SELECT ${MESSAGE_COLUMNS},
       (SELECT COUNT(*) FROM chat_messages b WHERE b.chat_id = ? AND b.idx <= ? AND b.visibility IN (${marks}))
         + ROW_NUMBER() OVER (ORDER BY idx) AS audience_idx
     FROM chat_messages WHERE chat_id = ? AND idx > ? AND visibility IN (${marks})
     ORDER BY idx LIMIT ?`,
  );

/**
 * An audience's messages from its n-th on (`index=n`): the window numbers every message the
 * audience sees before OFFSET skips the first n-1, so the numbers are the audience's own.
 */
const visibleFrom = (length: number) =>
  sqlWithList(
    'messages.visibleFrom',
    length,
    (marks) => `SELECT ${MESSAGE_COLUMNS}, ROW_NUMBER() OVER (ORDER BY idx) AS audience_idx
     FROM chat_messages WHERE chat_id = ? AND visibility IN (${marks})
     ORDER BY idx LIMIT ? OFFSET ?`,
  );

function visibleQuery(chatId: string, visibilities: readonly string[], start: AudienceStart, limit: number) {
  if ('afterIndex' in start) {
    const { afterIndex } = start;
    return {
      statement: visibleAfter(visibilities.length),
      params: [chatId, afterIndex, ...visibilities, chatId, afterIndex, ...visibilities, limit],
    };
  }
  const skip = skipBefore(start.fromAudienceIndex);
  return { statement: visibleFrom(visibilities.length), params: [chatId, ...visibilities, limit, skip] };
}

/** The messages before the audience's n-th: n - 1, 0 for n ≤ 1, at most what an OFFSET holds. */
function skipBefore(n: number): number {
  if (!(n > 1)) return 0;
  return Math.min(Math.floor(n) - 1, MAX_BIGINT);
}

function toMessage(row: Row): Message {
  return {
    chatId: row.chat_id,
    index: row.idx,
    type: row.type as MessageType,
    from: row.from_participant,
    visibility: row.visibility as Visibility,
    text: row.text,
    url: row.url,
    noticeText: row.notice_text,
    messageType: row.message_type,
    treatAs: row.treat_as as Message['treatAs'],
    createdAt: row.created_at,
  };
}

export function messageRepository(db: SqlExecutor): MessageRepository {
  return {
    async append(messages) {
      // Issued together (one round trip when the driver pipelines), in index order.
      await Promise.all(messages.map((m) => db.run(insertMessage, messageValues(m))));
    },
    async list(chatId, afterIndex, limit) {
      return (await db.all<Row>(after, [chatId, Math.min(afterIndex, MAX_INDEX), limit])).map(toMessage);
    },
    async listVisible(chatId, visibilities, start, limit): Promise<AudienceMessage[]> {
      if (visibilities.length === 0) return [];
      const { statement, params } = visibleQuery(chatId, visibilities, start, limit);
      return (await db.all<AudienceRow>(statement, params)).map((row) => ({
        ...toMessage(row),
        audienceIndex: Number(row.audience_idx),
      }));
    },
  };
}
