/**
 * Versioned schema migrations, applied in order at start by each store (SQLite under an
 * IMMEDIATE transaction, PostgreSQL under an advisory lock so several nodes can start at once).
 * Append new versions; never edit an applied one. The DDL is portable between SQLite and
 * PostgreSQL (TEXT, INTEGER, BIGINT for millisecond times, JSON kept as TEXT); a version may give
 * a per-dialect text where the two differ.
 */

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string | { readonly sqlite: string; readonly postgres: string };
}

/** chat_messages' columns in order (version 10 copies the rows). */
const MESSAGE_COLUMN_NAMES =
  'chat_id, idx, type, from_participant, visibility, text, url, notice_text, message_type, treat_as, created_at';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    sql: `
      CREATE TABLE contact_centers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        features TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        contact_center_id TEXT NOT NULL REFERENCES contact_centers (id),
        user_name TEXT NOT NULL,
        user_name_key TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        first_name TEXT NOT NULL,
        last_name TEXT NOT NULL,
        roles TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX users_by_contact_center ON users (contact_center_id, user_name_key);
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);
      CREATE TABLE login_failures (
        user_name_key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_started_at BIGINT NOT NULL,
        locked_until BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'agent channels',
    // A row exists while the agent is logged in on that channel (StartContactCenterSession).
    sql: `
      CREATE TABLE agent_channels (
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        contact_center_id TEXT NOT NULL,
        state TEXT NOT NULL,
        changed_at BIGINT NOT NULL,
        PRIMARY KEY (user_id, channel)
      );
      CREATE INDEX agent_channels_by_state ON agent_channels (contact_center_id, channel, state, changed_at);
    `,
  },
  {
    version: 3,
    name: 'chats',
    sql: `
      CREATE TABLE chats (
        id TEXT PRIMARY KEY,
        contact_center_id TEXT NOT NULL REFERENCES contact_centers (id),
        customer_token_hash TEXT NOT NULL UNIQUE,
        queue TEXT NOT NULL,
        subject TEXT NOT NULL,
        phase TEXT NOT NULL,
        user_data TEXT NOT NULL,
        last_index INTEGER NOT NULL,
        customer_delivered_index INTEGER NOT NULL,
        created_at BIGINT NOT NULL,
        ended_at BIGINT,
        version INTEGER NOT NULL
      );
      CREATE INDEX chats_by_phase ON chats (contact_center_id, phase, created_at);
      CREATE TABLE chat_parties (
        chat_id TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        role TEXT NOT NULL,
        user_id TEXT,
        nickname TEXT NOT NULL,
        state TEXT NOT NULL,
        mode TEXT,
        invited_at BIGINT NOT NULL,
        offer_expires_at BIGINT,
        PRIMARY KEY (chat_id, participant_id)
      );
      CREATE INDEX chat_parties_by_user ON chat_parties (user_id, state);
      CREATE INDEX chat_parties_by_offer_expiry ON chat_parties (offer_expires_at);
      CREATE TABLE chat_messages (${messageColumnsDdl()});
      CREATE TABLE agent_load (
        user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        contact_center_id TEXT NOT NULL,
        active INTEGER NOT NULL,
        idle_since BIGINT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'supervision',
    sql: {
      sqlite: supervisionDdl('INTEGER PRIMARY KEY AUTOINCREMENT'),
      postgres: supervisionDdl('BIGSERIAL PRIMARY KEY'),
    },
  },
  {
    version: 5,
    name: 'routing indexes',
    // The routing sweep (every second, on every node) looks for contact centers with queued chats
    // and for the candidates of one contact center; neither may scan whole tables.
    sql: `
      CREATE INDEX chats_by_phase_only ON chats (phase, contact_center_id);
      CREATE INDEX agent_load_by_center ON agent_load (contact_center_id, active);
    `,
  },
  {
    version: 6,
    name: 'outbox and sequences',
    // What a commit announces, recorded with it (STYLE.md §18): the committing node publishes and
    // deletes the row; a row left behind (the node died, Redis was down) is relayed by any node.
    // `sequences` hands out blocks of numbers shared by every node (referenceIds, spec §1.3).
    sql: `
      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        claimed_until BIGINT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE INDEX outbox_by_age ON outbox (created_at);
      CREATE TABLE sequences (
        name TEXT PRIMARY KEY,
        value BIGINT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'several agents per chat',
    // A chat holds several agent parties (Transfer, Invite, Consult): each records how it came in,
    // and a supervisor which agent it supervises. Existing rows: the latest agent of their chat.
    sql: `
      ALTER TABLE chat_parties ADD COLUMN via TEXT NOT NULL DEFAULT 'Routing';
      ALTER TABLE chat_parties ADD COLUMN monitored_agent_id TEXT;
      UPDATE chat_parties SET via = 'Request' WHERE role = 'customer';
      UPDATE chat_parties SET via = 'Monitoring',
        monitored_agent_id = (SELECT a.user_id FROM chat_parties a WHERE a.chat_id = chat_parties.chat_id
          AND a.role = 'agent' ORDER BY a.invited_at DESC, a.participant_id DESC LIMIT 1)
        WHERE role = 'supervisor';
    `,
  },
  {
    version: 8,
    name: 'customer activity',
    // The customer's last request (customer/timeouts.ts: the idle timeout), and the indexes the
    // RequestChat admission (chats requested lately per contact center) and the routing sweep
    // (customers not seen lately, in chats not over) read. Chats open at the upgrade count their
    // customer as seen then, so none is ended the moment the new version starts.
    sql: {
      sqlite: customerActivityDdl(`CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`),
      postgres: customerActivityDdl('(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT'),
    },
  },
  {
    version: 9,
    name: 'user names per contact center',
    // A user name is unique per contact center, not across them: the unique key becomes
    // `<contactCenterId>:<name>`. The UNIQUE of users.user_name_key is kept, with what it holds
    // changed, because SQLite drops a column's UNIQUE only by rebuilding the table — and these
    // migrations run in one transaction with foreign keys on, where dropping `users` would delete
    // every session, channel and subscription row (ON DELETE CASCADE). Old keys hold no ':', so
    // no new key meets an old one during the UPDATE. Failed-login counters are now kept per
    // (name, source), per source and per name (auth/throttle.ts): the per-name ones are dropped.
    // Contact centers are found by name for `user@contactCenter` logins (auth/login-name.ts).
    sql: `
      UPDATE users SET user_name_key = contact_center_id || ':' || user_name_key;
      DELETE FROM login_failures;
      ALTER TABLE login_failures RENAME COLUMN user_name_key TO throttle_key;
      CREATE INDEX contact_centers_by_name ON contact_centers (lower(name));
    `,
  },
  {
    version: 10,
    name: 'transcripts clustered by chat',
    // SQLite: a rowid table with PRIMARY KEY (chat_id, idx) is two B-trees, so every message wrote
    // two pages to the WAL (table and key), besides the chat's; WITHOUT ROWID keeps the rows in the
    // key's own B-tree — one page per message, a third less written per SendMessage commit, and a
    // transcript read walks adjacent rows. Nothing references chat_messages, so the rebuild drops
    // no other row. PostgreSQL keeps every table as a heap beside its key's index: nothing changes.
    sql: {
      sqlite: `
        CREATE TABLE chat_messages_clustered (${messageColumnsDdl()}) WITHOUT ROWID;
        INSERT INTO chat_messages_clustered SELECT ${MESSAGE_COLUMN_NAMES} FROM chat_messages;
        DROP TABLE chat_messages;
        ALTER TABLE chat_messages_clustered RENAME TO chat_messages;
      `,
      postgres: 'SELECT 1',
    },
  },
  {
    version: 11,
    name: 'monitoring shown to agents',
    // A Monitor supervisor that joined or switched while its contact center showed monitoring to
    // agents (records.ts showMonitoringToAgents) stays shown for as long as it monitors. Existing
    // parties joined under the old rule: hidden.
    sql: 'ALTER TABLE chat_parties ADD COLUMN shown_to_agents INTEGER NOT NULL DEFAULT 0;',
  },
];

export function migrationText(migration: Migration, dialect: 'sqlite' | 'postgres'): string {
  return typeof migration.sql === 'string' ? migration.sql : migration.sql[dialect];
}

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** Version 4: the two dialects differ only in how the audit id is generated. */
function supervisionDdl(auditId: string): string {
  return `
    CREATE TABLE supervisions (
      supervisor_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      agent_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      contact_center_id TEXT NOT NULL,
      mode TEXT NOT NULL,
      scope TEXT NOT NULL,
      nickname TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      PRIMARY KEY (supervisor_id, agent_id)
    );
    CREATE INDEX supervisions_by_agent ON supervisions (agent_id);
    CREATE TABLE supervision_audit (
      id ${auditId},
      contact_center_id TEXT NOT NULL,
      at BIGINT NOT NULL,
      supervisor_id TEXT NOT NULL,
      agent_id TEXT,
      chat_id TEXT,
      action TEXT NOT NULL,
      from_mode TEXT,
      to_mode TEXT
    );
    CREATE INDEX supervision_audit_by_center ON supervision_audit (contact_center_id, id);
  `;
}

/** Version 8: the two dialects differ only in how they say "now" in milliseconds. */
function customerActivityDdl(nowMs: string): string {
  return `
    ALTER TABLE chats ADD COLUMN customer_seen_at BIGINT NOT NULL DEFAULT 0;
    UPDATE chats SET customer_seen_at = ${nowMs};
    CREATE INDEX chats_by_request ON chats (contact_center_id, created_at);
    CREATE INDEX chats_by_customer_seen ON chats (contact_center_id, customer_seen_at) WHERE phase <> 'Ended';
  `;
}

/**
 * chat_messages' columns and key, as version 3 made them; version 10 rebuilds the table with them.
 * Applied migrations never change: neither may this.
 */
function messageColumnsDdl(): string {
  return `
    chat_id TEXT NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    from_participant TEXT NOT NULL,
    visibility TEXT NOT NULL,
    text TEXT,
    url TEXT,
    notice_text TEXT,
    message_type TEXT,
    treat_as TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (chat_id, idx)
  `;
}
