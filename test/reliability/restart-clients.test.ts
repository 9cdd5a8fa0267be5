/**
 * R6 (Hardening): a restart with connected clients, on SQLite and on PostgreSQL (with the Redis
 * bus), with the agent and the supervisor each on one transport of the official CometD client —
 * WebSocket and long-polling, then the other way round.
 *
 * Mid-chat (the supervisor coached the agent's chat by its monitoring subscription, whispered and
 * switched to Monitor; a second chat is offered to the agent, who went Not Ready), the server is
 * stopped with SIGTERM and a new process started on the same port and store. Each client must
 * re-handshake (a new session) and re-subscribe by itself; what each one rebuilds from the GETs
 * (restart-views.ts) deep-equals what it saw before; and notifications flow again: a new message
 * reaches both, once each, and the stored subscription brings the supervisor into the next chat.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { describe, test } from 'node:test';
import type { TransportType } from '../support/cometd.js';
import { waitFor } from '../support/cometd.js';
import type { Data, Headers } from '../support/e2e-chat.js';
import { ADMIN_HEADERS, call } from '../support/e2e-chat.js';
import type { User } from '../support/restart-client.js';
import { DeskClient, PASSWORD, user } from '../support/restart-client.js';
import type { RestartableServer, RestartStack } from '../support/restart-server.js';
import { RESTART_STACKS, startRestartable } from '../support/restart-server.js';
import type { DeskView } from '../support/restart-views.js';
import { customerView, deskView } from '../support/restart-views.js';

const PAIRS: readonly [agent: TransportType, supervisor: TransportType][] = [
  ['websocket', 'long-polling'],
  ['long-polling', 'websocket'],
];

for (const stack of RESTART_STACKS) {
  describe(`restart with connected clients (${stack.name})`, async () => {
    const skip = await stack.skip();
    for (const [agentTransport, supervisorTransport] of PAIRS) {
      const title = `agent on ${agentTransport}, supervisor on ${supervisorTransport}`;
      test(title, { ...skip, timeout: 60_000 }, (t) =>
        restartWithClients(t, stack, agentTransport, supervisorTransport),
      );
    }
  });
}

interface World {
  readonly server: RestartableServer;
  readonly contactCenterId: string;
  readonly agent: User;
  readonly supervisor: User;
  readonly desks: { readonly agent: DeskClient; readonly supervisor: DeskClient };
}

async function restartWithClients(
  t: TestContext,
  stack: RestartStack,
  agentTransport: TransportType,
  supervisorTransport: TransportType,
): Promise<void> {
  const server = await startRestartable(stack);
  const desks: DeskClient[] = [];
  try {
    const world = await prepare(server, agentTransport, supervisorTransport, desks);
    const chats = await midChat(world);
    const before = await views(world, chats);
    assert.equal(before.agent.chats.length, 2, 'the agent holds a chat and an offer');
    assert.deepEqual(
      before.supervisor.chats.map((c) => [c.state, c.supervisorMode]),
      [['Chatting', 'Monitor']],
    );

    for (const desk of desks) assert.equal(desk.sessions.length, 1, `${desk.userName}: one session so far`);

    assert.equal(await server.stop(), 0, 'a clean shutdown');
    await server.start();
    for (const desk of desks) await desk.resubscribed(2);

    assert.deepEqual(await views(world, chats), before, 'every client rebuilds the state it had');
    const messages = (view: DeskView) => Object.values(view.transcripts).flat().length;
    t.diagnostic(
      `rebuilt after re-handshake: agent ${before.agent.chats.length} chats, ${messages(before.agent)} messages; ` +
        `supervisor ${before.supervisor.chats.length} chat, ${messages(before.supervisor)} messages, ` +
        `${before.supervisor.audit?.length} audit entries; sessions ${desks.map((d) => d.sessions.length).join('+')}`,
    );
    await assertNotificationsFlow(world, chats);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- server output ---\n${server.output()}`, {
      cause: error,
    });
  } finally {
    await Promise.all(desks.map((desk) => desk.disconnect()));
    await server.dispose();
  }
}

async function ok(world: { server: RestartableServer }, headers: Headers, path: string, body: Data) {
  const answer = await call(world.server.url, 'POST', path, headers, body);
  assert.equal(answer.body.statusCode, 0, `${path} ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function prepare(
  server: RestartableServer,
  agentTransport: TransportType,
  supervisorTransport: TransportType,
  desks: DeskClient[],
): Promise<World> {
  const me = await call(server.url, 'GET', '/api/v2/me', ADMIN_HEADERS);
  const contactCenterId = String((me.body.user as Data).contactCenterId);
  // An offer must outlast the restart, however slow the machine (default 30 s).
  await ok({ server }, ADMIN_HEADERS, '/parley/v1/contact-center', {
    operationName: 'UpdateSettings',
    settings: { inviteTimeoutSeconds: 3600 },
  });
  const create = async (userName: string, roles: string[]) => {
    const created = await call(server.url, 'POST', '/api/v2/users', ADMIN_HEADERS, {
      userName,
      password: PASSWORD,
      roles,
    });
    assert.equal(created.body.statusCode, 0, JSON.stringify(created.body));
    return user(userName, String(created.body.id));
  };
  const agent = await create('ann', ['ROLE_AGENT']);
  const supervisor = await create('sam', ['ROLE_SUPERVISOR']);
  const agentDesk = await DeskClient.connect(server.url, agent, agentTransport);
  desks.push(agentDesk);
  const supervisorDesk = await DeskClient.connect(server.url, supervisor, supervisorTransport);
  desks.push(supervisorDesk);
  return {
    server,
    contactCenterId,
    agent,
    supervisor,
    desks: { agent: agentDesk, supervisor: supervisorDesk },
  };
}

interface Chats {
  readonly talking: { readonly id: string; readonly token: string };
  readonly offered: { readonly id: string; readonly token: string };
}

/** The state to restart in: one chat coached then monitored, one offered; the agent Not Ready. */
async function midChat(world: World): Promise<Chats> {
  const { agent, supervisor } = world;
  await ok(world, agent.headers, '/api/v2/me', {
    operationName: 'StartContactCenterSession',
    channels: ['chat'],
  });
  await ok(world, supervisor.headers, `/api/v2/users/${agent.id}/channels/chat`, {
    operationName: 'Coach',
    supervisorMonitoringMode: 'AllChats',
  });
  await ok(world, agent.headers, '/api/v2/me/channels/chat', { operationName: 'Ready' });
  const talking = await requestAndOffer(world, 'Order late');
  const own = `/api/v2/me/chats/${talking.id}`;
  await ok(world, agent.headers, own, { operationName: 'Accept', nickname: 'Ann' });
  await say(world, talking, 'My order is late');
  await ok(world, supervisor.headers, own, { operationName: 'SendToAgents', text: 'Offer free shipping' });
  await ok(world, agent.headers, own, { operationName: 'SendMessage', text: 'Shipping is on us' });
  await ok(world, supervisor.headers, own, { operationName: 'SwitchToMonitor' });
  await ok(world, agent.headers, own, { operationName: 'AttachUserData', userData: { order: 'A-17' } });
  const offered = await requestAndOffer(world, 'Refund');
  await ok(world, agent.headers, '/api/v2/me/channels/chat', { operationName: 'NotReady' });
  // Everything before the restart has reached both desks (a message's notifications come in order).
  await notified(world.desks.supervisor, talking.id, 'Shipping is on us');
  await notified(world.desks.agent, talking.id, 'Shipping is on us');
  return { talking, offered };
}

async function requestAndOffer(world: World, subject: string) {
  const customer = { contactcenterid: world.contactCenterId };
  const requested = await ok(world, customer, '/api/v2/chats', {
    operationName: 'RequestChat',
    nickname: 'Chris',
    subject,
  });
  let id: string | undefined;
  await waitFor(
    () => {
      const note = world.desks.agent
        .chatNotes()
        .find((n) => n.chat?.state === 'Invited' && (n.chat.userData as Data)?.Subject === subject);
      id = note?.chat?.id as string | undefined;
      return id !== undefined;
    },
    10_000,
    `the offer of "${subject}"`,
  );
  return { id: id!, token: String(requested.id) };
}

function say(world: World, chat: { token: string }, text: string) {
  return ok(world, { contactcenterid: world.contactCenterId }, `/api/v2/chats/${chat.token}`, {
    operationName: 'SendMessage',
    text,
  });
}

function notified(desk: DeskClient, chatId: string, text: string, count = 1) {
  const times = () => desk.messages().filter((m) => m.chatId === chatId && m.message.text === text).length;
  return waitFor(() => times() >= count, 10_000, `"${text}" notified to ${desk.userName}`).then(times);
}

async function views(world: World, chats: Chats) {
  const { url } = world.server;
  return {
    agent: await deskView(url, world.agent.headers),
    supervisor: await deskView(url, world.supervisor.headers, { auditOf: world.supervisor.id }),
    customers: [
      await customerView(url, world.contactCenterId, chats.talking.token),
      await customerView(url, world.contactCenterId, chats.offered.token),
    ],
  };
}

/**
 * After the restart a new message reaches both desks exactly once (one subscription each, not
 * two), and the agent's Accept of the offer brings the supervisor in by its stored subscription.
 */
async function assertNotificationsFlow(world: World, chats: Chats): Promise<void> {
  const { agent, supervisor } = world.desks;
  await say(world, chats.talking, 'Still there?');
  await ok(world, world.agent.headers, `/api/v2/me/chats/${chats.talking.id}`, {
    operationName: 'SendMessage',
    text: 'Yes, still here',
  });
  for (const desk of [agent, supervisor]) {
    assert.equal(await notified(desk, chats.talking.id, 'Yes, still here'), 1);
    assert.equal(await notified(desk, chats.talking.id, 'Still there?'), 1, `${desk.userName}: once`);
  }
  await ok(world, world.agent.headers, `/api/v2/me/chats/${chats.offered.id}`, { operationName: 'Accept' });
  await waitFor(
    () =>
      supervisor
        .chatNotes()
        .some(
          (n) =>
            n.chat?.id === chats.offered.id &&
            n.chat.state === 'Chatting' &&
            n.chat.supervisorMode === 'Coach',
        ),
    10_000,
    'the supervisor joining the next chat in Coach',
  );
}
