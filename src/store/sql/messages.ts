import type { Message, MessageType, Visibility } from '../../chats/model.js';
import type { MessageRepository } from '../store.js';
import type { SqlExecutor, SqlValue } from './executor.js';
import { sql } from './executor.js';

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
      return (await db.all<Row>(after, [chatId, afterIndex, limit])).map(toMessage);
    },
  };
}
