/**
 * PostgreSQL's one-statement form of the engine's most common write (Store.appendToChat): the
 * versioned chat UPDATE and the INSERT of the chat's new messages in a single statement. The
 * INSERT takes its rows only through the UPDATE's RETURNING, so a stale version writes nothing
 * at all; in autocommit the statement is a transaction of its own — one round trip and one
 * statement where BEGIN, UPDATE, INSERT and COMMIT took two and four. The outbox entry that
 * announces the change (when the bus is shared) is one more data-modifying WITH of the same
 * statement, also fed through the UPDATE's RETURNING. SQLite allows no UPDATE inside WITH; its
 * store runs the statements in one transaction instead.
 */
import type { Chat, Message } from '../../chats/model.js';
import { chatUpdate, chatUpdateText } from './chats.js';
import type { SqlValue, Statement } from './executor.js';
import { sql } from './executor.js';
import { MESSAGE_COLUMNS, messageValues } from './messages.js';
import type { OutboxEntry } from '../store.js';
import { OUTBOX_COLUMNS, outboxValues } from './outbox.js';

/** PostgreSQL types of MESSAGE_COLUMNS: parameters in VALUES carry no column type of their own. */
const MESSAGE_ROW =
  '(?::text, ?::integer, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint)';

const statements = new Map<string, Statement>();

const OUTBOX = `, announced AS (INSERT INTO outbox (${OUTBOX_COLUMNS})
   SELECT ?::text, ?::bigint, 0, ?::text FROM updated)`;

function appendStatement(mask: number, count: number, announced: boolean): Statement {
  const key = `${mask}.${count}${announced ? '.o' : ''}`;
  let statement = statements.get(key);
  if (!statement) {
    const rows = Array.from({ length: count }, () => MESSAGE_ROW).join(', ');
    statement = sql(
      `chats.append.${key}`,
      `WITH updated AS (${chatUpdateText(mask)} RETURNING id)${announced ? OUTBOX : ''}
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
  outbox?: OutboxEntry,
): { statement: Statement; values: SqlValue[] } {
  const { mask, values } = chatUpdate(chat, previous);
  if (outbox) values.push(...outboxValues(outbox));
  for (const message of messages) values.push(...messageValues(message));
  return { statement: appendStatement(mask, messages.length, outbox !== undefined), values };
}
