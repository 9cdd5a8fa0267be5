/**
 * R1 (Hardening): `kill -9` under mixed load, on SQLite and on PostgreSQL (with the Redis bus).
 *
 * The real process serves agents, supervisors and customers driven by concurrent clients
 * (crash-load.ts), every request journaled with its answer (crash-journal.ts). After the N-th
 * answer the process is SIGKILLed while other requests are in flight. Then:
 *
 *   1. the store as the crash left it, read directly before anything restarts: no invariant
 *      broken (crash-store.ts), and everything the journal acknowledged there — messages with
 *      their text, chat and party states, presence, monitoring subscriptions, audit — while the
 *      unanswered operations are there entirely or not at all (crash-checks.ts); whatever a
 *      CometD client was notified of is stored too;
 *   2. a new process on the same port and store: every desk client re-handshakes (a new
 *      session) and re-subscribes by itself; the API shows what the store holds (transcripts,
 *      presence, audit); a new chat is offered, accepted and its message notified.
 *
 * Size: CRASH_WORKERS (4 chat workers), CRASH_ROUNDS (3 chats each), CRASH_EXCHANGES (3 message
 * pairs per chat), CRASH_TURNS (40 presence and monitoring turns), CRASH_KILL_AFTER (100 answers);
 * the number of agents follows the workers. Each run prints its counts (operations, acknowledged,
 * unanswered, found after the restart).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { describe, test } from 'node:test';
import { waitFor } from '../support/cometd.js';
import { journalProblems } from '../support/crash-checks.js';
import { Journal } from '../support/crash-journal.js';
import type { Load, LoadSize } from '../support/crash-load.js';
import { runLoad } from '../support/crash-load.js';
import type { StoreImage } from '../support/crash-store.js';
import { invariantProblems, readStore, textOf } from '../support/crash-store.js';
import type { Data, Headers } from '../support/e2e-chat.js';
import { ADMIN_HEADERS, call } from '../support/e2e-chat.js';
import type { User } from '../support/restart-client.js';
import { DeskClient, PASSWORD, user } from '../support/restart-client.js';
import type { RestartableServer, RestartStack } from '../support/restart-server.js';
import { RESTART_STACKS, startRestartable } from '../support/restart-server.js';

const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const SIZE: LoadSize = {
  workers: size('CRASH_WORKERS', 4),
  rounds: size('CRASH_ROUNDS', 3),
  exchanges: size('CRASH_EXCHANGES', 3),
  turns: size('CRASH_TURNS', 40),
};
const KILL_AFTER = size('CRASH_KILL_AFTER', 100);
/**
 * Enough agents at the default capacity (3) for every chat a worker may leave open — its own and
 * one whose RequestChat went unanswered — and the new chat after the restart.
 */
const AGENTS = Math.max(3, Math.ceil((2 * SIZE.workers + 1) / 3));

for (const stack of RESTART_STACKS) {
  describe(`crash: kill -9 under mixed load (${stack.name})`, async () => {
    const skip = await stack.skip();
    const title = 'acknowledged operations survive, nothing is half-written, clients come back';
    test(title, { ...skip, timeout: 120_000 }, (t) => crashAndRestart(t, stack));
  });
}

async function crashAndRestart(t: TestContext, stack: RestartStack): Promise<void> {
  const server = await startRestartable(stack);
  const desks: DeskClient[] = [];
  try {
    let killed: Promise<void> = Promise.resolve();
    const journal = new Journal(server.url, KILL_AFTER, () => (killed = server.kill()));
    const load = await prepare(server, journal, desks);
    await runLoad(load);
    journal.kill(); // should the load have ended first
    await killed;

    const image = await readLoadStore(server, load);
    assert.deepEqual(invariantProblems(image, await capacity(server)), [], 'invariants');
    assert.deepEqual(journalProblems(load, image), [], 'journal against store');
    report(t, load, image);

    const sessions = load.desks.map((desk) => desk.sessions.length);
    await server.start();
    for (const [i, desk] of load.desks.entries()) await desk.resubscribed(sessions[i]! + 1);
    await assertServedAsStored(server, load, image);
    await assertNewChatWorks(server, load);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output()}`, {
      cause: error,
    });
  } finally {
    await Promise.all(desks.map((desk) => desk.disconnect()));
    await server.dispose();
  }
}

async function prepare(server: RestartableServer, journal: Journal, desks: DeskClient[]): Promise<Load> {
  const me = await call(server.url, 'GET', '/api/v2/me', ADMIN_HEADERS);
  const contactCenterId = String((me.body.user as Data).contactCenterId);
  const create = async (userName: string, roles: string[]): Promise<User> => {
    const body = { userName, password: PASSWORD, roles };
    const created = await call(server.url, 'POST', '/api/v2/users', ADMIN_HEADERS, body);
    assert.equal(created.body.statusCode, 0, JSON.stringify(created.body));
    return user(userName, String(created.body.id));
  };
  const names = Array.from({ length: AGENTS }, (_, i) => `agent${i + 1}`);
  const agents = await Promise.all(names.map((name) => create(name, ['ROLE_AGENT'])));
  const [supervisor, monitoring, monitored] = await Promise.all([
    create('sam', ['ROLE_SUPERVISOR']),
    create('sue', ['ROLE_SUPERVISOR']),
    create('quinn', ['ROLE_AGENT']),
  ]);
  for (const [i, agent] of agents.entries())
    desks.push(await DeskClient.connect(server.url, agent, i % 2 === 0 ? 'websocket' : 'long-polling'));
  for (const agent of agents) {
    await ok(server, agent.headers, '/api/v2/me', {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    await ok(server, agent.headers, '/api/v2/me/channels/chat', { operationName: 'Ready' });
  }
  desks.push(await DeskClient.connect(server.url, supervisor, 'long-polling'));
  return {
    journal,
    size: SIZE,
    tag: `r1-${randomBytes(3).toString('hex')}`,
    contactCenterId,
    agents: agents.map((agent, i) => ({ user: agent, desk: desks[i]! })),
    presenceIndex: AGENTS - 1,
    desks: [...desks],
    supervisor,
    monitoring,
    monitored,
    chats: [],
    presence: [],
    subscriptions: [],
  };
}

async function ok(server: RestartableServer, headers: Headers, path: string, body: Data): Promise<Data> {
  const answer = await call(server.url, 'POST', path, headers, body);
  assert.equal(answer.body.statusCode, 0, `${path} ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function capacity(server: RestartableServer): Promise<number> {
  // Read from the store: the server is down at this point.
  const store = await server.database.open();
  try {
    const [contactCenter] = await store.contactCenters.list();
    return contactCenter?.settings.chatCapacity ?? 0;
  } finally {
    await store.close();
  }
}

function readLoadStore(server: RestartableServer, load: Load): Promise<StoreImage> {
  const ids = [...load.agents.map((a) => a.user.id), load.monitored.id];
  const pairs = [{ supervisorId: load.monitoring.id, agentId: load.monitored.id }];
  return readStore(server.database, load.contactCenterId, ids, pairs);
}

function report(t: TestContext, load: Load, image: StoreImage): void {
  const { journal } = load;
  const unanswered = journal.operations.filter((o) => o.outcome?.kind === 'unanswered');
  const stored = new Set(image.chats.flatMap((c) => c.messages.map(textOf)));
  const foundTexts = unanswered.filter((o) => o.text !== undefined && stored.has(o.text)).length;
  const messages = image.chats.reduce((n, c) => n + c.messages.length, 0);
  t.diagnostic(
    `${journal.operations.length} operations: ${journal.count('acknowledged')} acknowledged (all found), ` +
      `${journal.count('refused')} refused, ${unanswered.length} unanswered ` +
      `(${journal.inFlightAtKill} in flight at the kill; ${foundTexts} of ` +
      `${unanswered.filter((o) => o.text !== undefined).length} unanswered messages stored); ` +
      `store: ${image.chats.length} chats, ${messages} messages, ${image.audit.length} audit entries`,
  );
  assert.equal(journal.count('refused'), 0, 'no operation of the load is refused');
}

/** The restarted server shows what the store held: transcripts, presence, audit. */
async function assertServedAsStored(server: RestartableServer, load: Load, image: StoreImage): Promise<void> {
  for (const run of load.chats) {
    const record = image.chats.find((c) => c.chat.subject === run.subject);
    if (run.token !== undefined) {
      const chat = await call(server.url, 'GET', `/api/v2/chats/${run.token}`, {
        contactcenterid: load.contactCenterId,
      });
      assert.equal(chat.body.statusCode, 0, `${run.subject}: the customer's chat`);
    }
    if (!record || !run.agent) continue;
    const agent = load.agents.find((a) => a.user.id === run.agent?.id)!.user;
    const path = `/api/v2/me/chats/${record.chat.id}/messages`;
    const served = (await call(server.url, 'GET', path, agent.headers)).body.messages as Data[];
    assert.deepEqual(
      served.map((m) => `${String(m.index)} ${String(m.type)} ${String(m.text ?? m.noticeText ?? '')}`),
      record.messages
        .filter((m) => m.visibility !== 'Supervisors')
        .map((m) => `${m.index} ${m.type} ${textOf(m) ?? ''}`),
      `${run.subject}: the agent's transcript`,
    );
    const audit = await call(
      server.url,
      'GET',
      `/parley/v1/supervision/audit?chatId=${record.chat.id}`,
      ADMIN_HEADERS,
    );
    assert.deepEqual(
      (audit.body.entries as Data[]).map((e) => e.action),
      image.audit.filter((e) => e.chatId === record.chat.id).map((e) => e.action),
    );
  }
  const presence = load.agents[load.presenceIndex]!.user;
  const me = await call(server.url, 'GET', '/api/v2/me?subresources=channels', presence.headers);
  assert.deepEqual(
    ((me.body.user as Data).channels as Data[]).map((c) => (c.userState as Data).state),
    image.channels.get(presence.id)?.map((c) => c.state),
  );
}

/** A customer's new chat is offered, accepted, and its message notified to the re-subscribed agent. */
async function assertNewChatWorks(server: RestartableServer, load: Load): Promise<void> {
  for (const { user: agent } of load.agents)
    await ok(server, agent.headers, '/api/v2/me/channels/chat', { operationName: 'Ready' });
  const customer = { contactcenterid: load.contactCenterId };
  const subject = `${load.tag} after the restart`;
  const requested = await ok(server, customer, '/api/v2/chats', {
    operationName: 'RequestChat',
    nickname: 'Late',
    subject,
  });
  let offer: { agent: Load['agents'][number]; chatId: string } | undefined;
  await waitFor(
    () => {
      for (const agent of load.agents) {
        const note = agent.desk
          .chatNotes()
          .find((n) => n.chat?.state === 'Invited' && (n.chat.userData as Data)?.Subject === subject);
        if (note) offer = { agent, chatId: String(note.chat?.id) };
      }
      return offer !== undefined;
    },
    15_000,
    'the new chat offered',
  );
  const { agent, chatId } = offer!;
  await ok(server, agent.user.headers, `/api/v2/me/chats/${chatId}`, { operationName: 'Accept' });
  const text = `${load.tag} hello after the restart`;
  await ok(server, customer, `/api/v2/chats/${String(requested.id)}`, { operationName: 'SendMessage', text });
  await waitFor(
    () => agent.desk.messages().some((m) => m.chatId === chatId && m.message.text === text),
    10_000,
    'the new message notified',
  );
  await ok(server, agent.user.headers, `/api/v2/me/chats/${chatId}`, { operationName: 'Complete' });
}
