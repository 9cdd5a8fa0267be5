/**
 * What recording an announcement with its commit costs on PostgreSQL, for the choice in
 * docs/deploy.md. The engine's commonest write (Store.appendToChat: a versioned chat UPDATE and a
 * message INSERT in one autocommit statement) is run by concurrent writers in three forms, taking
 * turns round after round (the machine's speed drifts):
 *
 *   none     the write alone (one node, in-process bus: nothing to record)
 *   outbox   the write with its outbox entry in the same statement, entries removed in batches
 *            once "carried" (what Parley does with the Redis bus)
 *   notify   the write with pg_notify(payload) in the same statement, one LISTENing connection
 *            (a transactional NOTIFY: delivered at commit to every listening node)
 *
 *   node --import tsx bench/micro/announce-with-commit.ts [writers=32] [seconds=2] [rounds=3]
 *
 * Loopback only; a fresh schema, dropped afterwards.
 */
import pg from 'pg';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import { encodeAnnouncement, deliveriesOf } from '../../src/notifications/announcement.js';
import type { Chat, Message } from '../../src/chats/model.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { chatUpdate, chatUpdateText } from '../../src/store/sql/chats.js';
import { MESSAGE_COLUMNS, messageValues } from '../../src/store/sql/messages.js';

const URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [writers = 32, seconds = 2, rounds = 3] = process.argv.slice(2).map(Number);
const schema = `parley_bench_${process.pid}`;
const CHATS = 256;

const chat = (i: number): Chat => ({
  id: `bench${String(i).padStart(11, '0')}`,
  contactCenterId: 'cc-bench',
  queue: 'default',
  subject: '',
  phase: 'Active',
  userData: {},
  lastIndex: 1,
  createdAt: 0,
  endedAt: null,
  version: 1,
});
const message = (c: Chat, index: number): Message => ({
  chatId: c.id,
  index,
  type: 'Text',
  from: 'p',
  visibility: 'All',
  text: `message ${index} of a customer who types a sentence of ordinary length`,
  url: null,
  noticeText: null,
  messageType: null,
  treatAs: null,
  createdAt: Date.now(),
});
const payloadOf = (c: Chat, m: Message, key: string) =>
  encodeAnnouncement({
    key,
    chat: { id: c.id, version: c.version },
    deliveries: deliveriesOf([
      {
        userIds: ['agent-user-id-0000000000000000', 'super-user-id-0000000000000000'],
        channel: '/v2/me/chats',
        data: { messages: [m] },
      },
    ]),
  });

const NOTIFY_TEXT = (mask: number) =>
  `WITH updated AS (${chatUpdateText(mask)} RETURNING id),
        told AS (SELECT pg_notify('parley_bench', ?::text) FROM updated)
   INSERT INTO chat_messages (${MESSAGE_COLUMNS})
   SELECT ?::text, ?::integer, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint
   FROM updated, told`;

async function main(): Promise<void> {
  const store = await PostgresStore.open({ connectionString: URL, schema, maxConnections: 10 });
  const raw = new pg.Pool({ connectionString: URL, max: 10, options: `-c search_path=${schema}` });
  const listener = new pg.Client({ connectionString: URL });
  await listener.connect();
  await listener.query('LISTEN parley_bench');
  let heard = 0;
  listener.on('notification', () => (heard += 1));
  await store.contactCenters.create({
    id: 'cc-bench',
    name: 'bench',
    features: [],
    settings: {
      ...DEFAULT_SETTINGS,
      chatCapacity: 3,
      inviteTimeoutSeconds: 30,
      intrudeRequiresMonitoring: false,
    },
    createdAt: 0,
  });
  const chats = Array.from({ length: CHATS }, (_, i) => chat(i));
  for (const c of chats) await store.chats.insert(c, `token-${c.id}`);
  const current = new Map(chats.map((c) => [c.id, c]));
  let key = 0;
  const carried: string[] = [];

  const write = async (variant: string, c: Chat): Promise<void> => {
    const next = { ...c, lastIndex: c.lastIndex + 1, version: c.version + 1 };
    const m = message(next, next.lastIndex);
    if (variant === 'notify') {
      const { mask, values } = chatUpdate(next, c);
      let n = 0;
      const text = NOTIFY_TEXT(mask).replace(/\?/g, () => `$${++n}`);
      await raw.query({
        name: `notify.${mask}`,
        text,
        values: [...values, payloadOf(next, m, `k${++key}`), ...messageValues(m)],
      });
    } else {
      const entry =
        variant === 'outbox'
          ? { key: `k${++key}`, createdAt: Date.now(), payload: payloadOf(next, m, `k${key}`) }
          : undefined;
      if (!(await store.appendToChat(next, c, [m], entry))) throw new Error('stale');
      if (entry) {
        carried.push(entry.key);
        if (carried.length >= 64) await store.outbox.remove(carried.splice(0));
      }
    }
    current.set(c.id, next);
  };

  const run = async (variant: string): Promise<number> => {
    const until = Date.now() + seconds * 1000;
    let done = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        // Each writer owns its chats: no version conflicts between writers.
        const own = chats.filter((_, i) => i % writers === w);
        for (let i = 0; Date.now() < until; i++) {
          await write(variant, current.get(own[i % own.length]!.id)!);
          done += 1;
        }
      }),
    );
    if (carried.length > 0) await store.outbox.remove(carried.splice(0));
    return done / seconds;
  };

  const results: Record<string, number[]> = { none: [], outbox: [], notify: [] };
  for (const variant of Object.keys(results)) await run(variant); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const variant of Object.keys(results)) results[variant]!.push(await run(variant));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(results.none!);
  for (const [variant, xs] of Object.entries(results)) {
    const m = median(xs);
    console.log(
      `${variant.padEnd(7)} ${m.toFixed(0).padStart(6)} writes/s  ${(m / base).toFixed(2)}×  rounds: ${xs.map((x) => x.toFixed(0)).join(', ')}`,
    );
  }
  console.log(`(${writers} writers, ${seconds} s rounds; notifications heard by the listener: ${heard})`);
  await listener.end();
  await raw.end();
  await store.close();
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
