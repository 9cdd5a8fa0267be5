/**
 * PostgreSQL's one-statement form of the engine's most common write (Store.appendToChat): the
 * versioned chat UPDATE and the INSERT of the chat's new messages in a single statement. The
 * INSERT takes its rows only through the UPDATE's RETURNING, so a stale version writes nothing
 * at all; in autocommit the statement is a transaction of its own — one round trip and one
 * statement where BEGIN, UPDATE, INSERT and COMMIT took two and four. SQLite allows no UPDATE
 * inside WITH; its store runs the two statements in one transaction instead.
 */
import type { Chat, Message } from '../../chats/model.js';
import { chatUpdate, chatUpdateText } from './chats.js';
import type { SqlValue, Statement } from './executor.js';
import { sql } from './executor.js';
import { MESSAGE_COLUMNS, messageValues } from './messages.js';

/** PostgreSQL types of MESSAGE_COLUMNS: parameters in VALUES carry no column type of their own. */
const MESSAGE_ROW =
  '(?::text, ?::integer, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint)';

const statements = new Map<string, Statement>();

function appendStatement(mask: number, count: number): Statement {
  const key = `${mask}.${count}`;
  let statement = statements.get(key);
  if (!statement) {
    const rows = Array.from({ length: count }, () => MESSAGE_ROW).join(', ');
    statement = sql(
      `chats.append.${key}`,
      `WITH updated AS (${chatUpdateText(mask)} RETURNING id)
       INSERT INTO chat_messages (${MESSAGE_COLUMNS})
       SELECT m.* FROM (VALUES ${rows}) AS m (${MESSAGE_COLUMNS}) CROSS JOIN updated`,
    );
    statements.set(key, statement);
  }
  return statement;
}

/** The statement and its parameters; it changes `messages.length` rows, or none when stale. */
export function chatAppend(
  chat: Chat,
  previous: Chat,
  messages: readonly Message[],
): { statement: Statement; values: SqlValue[] } {
  const { mask, values } = chatUpdate(chat, previous);
  for (const message of messages) values.push(...messageValues(message));
  return { statement: appendStatement(mask, messages.length), values };
}
