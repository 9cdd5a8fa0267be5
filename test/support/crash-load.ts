/**
 * The crash suite's mixed load: several concurrent clients, each one request at a time, each
 * operation journaled (crash-journal.ts) until the kill.
 *
 *   chat workers   a customer requests a chat; the agent routing offered it to (seen on the
 *                  agent's CometD client) accepts; customer and agent write in turns; on every
 *                  other worker the supervisor intrudes in Monitor, accepts, switches to Coach and
 *                  whispers; the agent attaches user data, sends a notice, and completes
 *   presence       one of the routing agents goes NotReady and Ready again, in turns
 *   monitoring     a second supervisor subscribes to an agent (Coach, then Monitor NextChat) and
 *                  cancels, in turns
 *
 * Every wait is bounded and every loop has a fixed number of turns.
 */
import { waitFor } from './cometd.js';
import type { Journal } from './crash-journal.js';
import { Stopped } from './crash-journal.js';
import type { ChatRun } from './crash-model.js';
import type { Data, Headers } from './e2e-chat.js';
import type { DeskClient, User } from './restart-client.js';

export interface LoadSize {
  /** Concurrent chat workers. */
  readonly workers: number;
  /** Chats each worker runs one after another. */
  readonly rounds: number;
  /** Customer/agent message pairs per chat. */
  readonly exchanges: number;
  /** Turns of the presence and the monitoring workers. */
  readonly turns: number;
}

export interface Load {
  readonly journal: Journal;
  readonly size: LoadSize;
  /** Makes the run's texts unique. */
  readonly tag: string;
  readonly contactCenterId: string;
  /** Routing agents, each with its desk client; `agents[presenceIndex]` also changes presence. */
  readonly agents: readonly { readonly user: User; readonly desk: DeskClient }[];
  readonly presenceIndex: number;
  /** Every desk client: the agents' and the supervisor's. */
  readonly desks: readonly DeskClient[];
  /** Intrudes in chats. */
  readonly supervisor: User;
  /** Subscribes to `monitored` and cancels. */
  readonly monitoring: User;
  /** An agent that never logs in: monitoring subscriptions only. */
  readonly monitored: User;
  readonly chats: ChatRun[];
  /** Operations of the presence and the monitoring workers. */
  readonly presence: ChatRun['operations'];
  readonly subscriptions: ChatRun['operations'];
}

/** Runs every worker until each has done its turns or stopped at the kill. */
export async function runLoad(load: Load): Promise<void> {
  const workers = [
    ...Array.from({ length: load.size.workers }, (_, w) => chatWorker(load, w)),
    presenceWorker(load),
    monitoringWorker(load),
  ];
  await Promise.all(workers.map((worker) => worker.catch(stopped)));
}

function stopped(error: unknown): void {
  if (!(error instanceof Stopped)) throw error;
}

async function chatWorker(load: Load, w: number): Promise<void> {
  for (let round = 0; round < load.size.rounds; round++) await chat(load, w, round);
}

async function chat(load: Load, w: number, round: number): Promise<void> {
  const { journal, tag } = load;
  const run: ChatRun = { subject: `${tag} chat ${w}.${round}`, operations: [] };
  load.chats.push(run);
  const send = (actor: string, headers: Headers, path: string, body: Data, text?: string) =>
    journal.send({ actor, path, headers, body, ...(text ? { text } : {}) }, run.operations);
  const customer = { contactcenterid: load.contactCenterId };
  const requested = await send('customer', customer, '/api/v2/chats', {
    operationName: 'RequestChat',
    nickname: `Customer ${w}`,
    subject: run.subject,
  });
  run.token = String(requested.id);
  const offer = await offered(load, run.subject);
  run.chatId = offer.chatId;
  run.agent = offer.agent;
  const agent = (body: Data, text?: string) =>
    send(offer.agent.userName, offer.agent.headers, `/api/v2/me/chats/${offer.chatId}`, body, text);
  const said = (text: string) =>
    send('customer', customer, `/api/v2/chats/${run.token}`, { operationName: 'SendMessage', text }, text);
  await agent({ operationName: 'Accept', nickname: offer.agent.userName });
  for (let i = 0; i < load.size.exchanges; i++) {
    await said(`${tag} customer ${w}.${round}.${i}`);
    const answer = `${tag} agent ${w}.${round}.${i}`;
    await agent({ operationName: 'SendMessage', text: answer }, answer);
    if (i === 0 && w % 2 === 0) await supervise(load, send, offer, `${tag} whisper ${w}.${round}`);
  }
  await agent({ operationName: 'AttachUserData', userData: { [`worker${w}`]: `round ${round}` } });
  const notice = `${tag} notice ${w}.${round}`;
  await agent({ operationName: 'SendCustomNotice', noticeText: notice }, notice);
  await agent({ operationName: 'Complete' });
}

type Send = (actor: string, headers: Headers, path: string, body: Data, text?: string) => Promise<Data>;

/** Intrude in Monitor, Accept, switch to Coach, whisper to the agent (spec §2.1, §4.4). */
async function supervise(load: Load, send: Send, offer: Offer, whisper: string): Promise<void> {
  const { userName, headers } = load.supervisor;
  await send(userName, headers, `/api/v2/users/${offer.agent.id}/chats/${offer.chatId}`, {
    operationName: 'Intrude',
    supervisorVisibilityMode: 'Monitor',
  });
  const own = `/api/v2/me/chats/${offer.chatId}`;
  await send(userName, headers, own, { operationName: 'Accept' });
  await send(userName, headers, own, { operationName: 'SwitchToCoach' });
  await send(userName, headers, own, { operationName: 'SendToAgents', text: whisper }, whisper);
}

interface Offer {
  readonly chatId: string;
  readonly agent: User;
}

/** The agent routing offered the chat to, as its desk client was told (spec §5.3 Invited). */
async function offered(load: Load, subject: string): Promise<Offer> {
  let found: Offer | undefined;
  const look = () => {
    for (const { user: agent, desk } of load.agents) {
      const note = desk
        .chatNotes()
        .find((n) => n.chat?.state === 'Invited' && (n.chat.userData as Data)?.Subject === subject);
      if (note) found = { chatId: String(note.chat?.id), agent };
    }
    return found !== undefined || load.journal.killed;
  };
  await waitFor(look, 15_000, `the offer of "${subject}"`);
  if (!found) throw new Stopped(undefined);
  return found;
}

async function presenceWorker(load: Load): Promise<void> {
  const agent = load.agents[load.presenceIndex]!.user;
  for (let turn = 0; turn < load.size.turns; turn++) {
    const operationName = turn % 2 === 0 ? 'NotReady' : 'Ready';
    await load.journal.send(
      {
        actor: agent.userName,
        path: '/api/v2/me/channels/chat',
        headers: agent.headers,
        body: { operationName },
      },
      load.presence,
    );
  }
}

/** Coach (AllChats), Monitor (NextChat), Cancel, … on an agent that takes no chats. */
export const MONITORING_TURNS: readonly Data[] = [
  { operationName: 'Coach', supervisorMonitoringMode: 'AllChats' },
  { operationName: 'Monitor', supervisorMonitoringMode: 'NextChat' },
  { operationName: 'CancelSupervisorMonitoring' },
];

async function monitoringWorker(load: Load): Promise<void> {
  const { monitoring, monitored } = load;
  for (let turn = 0; turn < load.size.turns; turn++) {
    await load.journal.send(
      {
        actor: monitoring.userName,
        path: `/api/v2/users/${monitored.id}/channels/chat`,
        headers: monitoring.headers,
        body: MONITORING_TURNS[turn % MONITORING_TURNS.length]!,
      },
      load.subscriptions,
    );
  }
}
