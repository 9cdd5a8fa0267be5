/**
 * The parties process of the chat scenario (pinned to the load core): builds the world
 * (world-setup.ts), writes each chat's transcript when the config asks (history.ts), and holds
 * every agent's and supervisor's CometD WebSocket session, timing the messages the meter
 * (http-meter.ts) sends. It starts before the servers do (loading it overlaps their start-up) and
 * gets its WorldConfig, with their URLs, as its first command. Each bench message's text is `bench:<kind>:<sent at>`
 * (kind p1: agent SendMessage, p2: customer SendMessage), so each receipt on an agent's or a
 * supervisor's socket is timed against the moment the meter wrote the POST. JSON lines:
 *
 *   (start)                                 → {"event":"started"}
 *   {"cmd":"build", …WorldConfig}           → {"event":"ready", contactCenterId, agents, customers, ms,
 *                                               history} (ms: the set-up; history: history.ts's report
 *                                               when the config asks for transcripts, else null)
 *   {"cmd":"measure","intrude"?:{…}}        → {"event":"armed"} (tallies reset; P5 loop started)
 *   {"cmd":"collect"}                       → {"event":"result", p1, p2, intrude}
 *
 *   node --import tsx bench/load/parties.ts
 */
import { createInterface } from 'node:readline';
import { cookieAuth, ok } from './gws-client.js';
import { writeHistory } from './history.js';
import { IntrudeLoop, type IntrudeReport, type IntrudeRequest } from './intrude-loop.js';
import { Tally } from './tally.js';
import { buildWorld, type Party, type World, type WorldConfig } from './world-setup.js';

type Kind = 'p1' | 'p2';
type Receivers = 'agent' | 'supervisor';

function emit(event: string, fields: object): void {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n');
}

/** Where the REST calls go: the world's first node (set by the build command). */
let base: URL;
const fresh = (): Record<Kind, Record<Receivers, Tally>> => ({
  p1: { agent: new Tally(), supervisor: new Tally() },
  p2: { agent: new Tally(), supervisor: new Tally() },
});
let tallies = fresh();
let intrudeLoop = new IntrudeLoop();
let intrudeRun: Promise<IntrudeReport> | null = null;
let world: World | null = null;
const setupFailures: string[] = [];
const benchText = /^bench:(p1|p2):(\d+\.\d+)$/;

function accept(agent: Party, chatId: string): void {
  const body = { operationName: 'Accept', nickname: agent.userName };
  ok(base, 'POST', `/api/v2/me/chats/${chatId}`, cookieAuth(agent.cookie), body).then(
    () => agent.chatIds.add(chatId),
    (error: unknown) => setupFailures.push(String(error)),
  );
}

function onNotification(party: Party, data: Record<string, unknown>, receivedAt: number): void {
  const chat = data.chat as { id?: string; state?: string } | undefined;
  if (party.role === 'intruder') return intrudeLoop.notify(data, receivedAt);
  if (party.role === 'agent' && data.notificationType === 'StatusChange' && chat?.state === 'Invited') {
    return accept(party, chat.id!);
  }
  if (party.role === 'supervisor' && chat?.id !== undefined) party.chatIds.add(chat.id);
  if (data.messageType !== 'MessageLogUpdated' || !Array.isArray(data.messages)) return;
  for (const message of data.messages as { text?: unknown }[]) {
    const match = typeof message.text === 'string' ? benchText.exec(message.text) : null;
    if (match === null) continue;
    tallies[match[1] as Kind][party.role].deliver(Number(match[2]), receivedAt);
  }
}

async function obey(line: string): Promise<void> {
  const command = JSON.parse(line) as { cmd: string; intrude?: IntrudeRequest };
  if (command.cmd === 'build') {
    const { cmd: _cmd, ...config } = command as unknown as WorldConfig & { cmd: string };
    return build(config);
  }
  if (command.cmd === 'measure') {
    tallies = fresh();
    intrudeLoop = new IntrudeLoop();
    intrudeRun =
      command.intrude === undefined || world === null ? null : intrudeLoop.run(world, command.intrude);
    return emit('armed', {});
  }
  if (command.cmd === 'collect') {
    intrudeLoop.stop();
    const intrude = intrudeRun === null ? null : await intrudeRun;
    const report = (kind: Kind) => ({
      agent: tallies[kind].agent.report(),
      supervisor: tallies[kind].supervisor.report(),
    });
    emit('result', { p1: report('p1'), p2: report('p2'), intrude });
  }
}

let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  queue = queue.then(() => obey(line));
});
process.stdin.on('end', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

async function build(config: WorldConfig): Promise<void> {
  base = new URL(config.url);
  const started = Date.now();
  try {
    world = await buildWorld(config, onNotification);
    if (setupFailures.length > 0) throw new Error(`Accept failed: ${setupFailures[0]}`);
    const ms = Date.now() - started;
    const history = config.history === undefined ? null : await writeHistory(world, config.history);
    emit('ready', {
      contactCenterId: world.contactCenterId,
      agents: world.agents.map((agent) => ({
        id: agent.id,
        cookie: agent.cookie,
        chatIds: [...agent.chatIds],
      })),
      customers: world.customers,
      ms,
      history,
    });
  } catch (error) {
    emit('error', { message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

emit('started', {});
