/**
 * The store as a `kill -9` left it, read directly (before any restarted server touches it), and
 * the invariants no crash may break: whatever a transaction wrote is there entirely or not at
 * all, so a transcript has no gap, a chat's parties agree with its phase, every present party's
 * arrival is in the transcript (and every departure), and an agent's capacity count is the
 * number of copies that hold a slot.
 */
import type { AgentChannel, AgentLoad, AuditEntry, Store, Subscription } from '../../src/store/store.js';
import type { Chat, ChatPhase, Message, Party } from '../../src/chats/model.js';
import { holdsCapacity } from '../../src/chats/lifecycle.js';
import type { TestDatabase } from './databases.js';

const PHASES: readonly ChatPhase[] = ['Queued', 'Offered', 'Active', 'Ended'];
const ALL = 100_000;

export interface ChatRecord {
  readonly chat: Chat;
  readonly parties: readonly Party[];
  readonly messages: readonly Message[];
}

export interface StoreImage {
  readonly chats: readonly ChatRecord[];
  readonly load: ReadonlyMap<string, AgentLoad | undefined>;
  readonly channels: ReadonlyMap<string, readonly AgentChannel[]>;
  readonly subscriptions: ReadonlyMap<string, Subscription | undefined>;
  readonly audit: readonly AuditEntry[];
}

/** Everything of the contact center the checks look at; `agents` and `pairs` name whose rows. */
export async function readStore(
  database: TestDatabase,
  contactCenterId: string,
  agents: readonly string[],
  pairs: readonly { supervisorId: string; agentId: string }[],
): Promise<StoreImage> {
  const store: Store = await database.open();
  try {
    const chats: ChatRecord[] = [];
    for (const phase of PHASES) {
      for (const chat of await store.chats.listByPhase(contactCenterId, phase, ALL)) {
        const [parties, messages] = await Promise.all([
          store.parties.listForChat(chat.id),
          store.messages.list(chat.id, 0, ALL),
        ]);
        chats.push({ chat, parties, messages });
      }
    }
    const load = new Map<string, AgentLoad | undefined>();
    const channels = new Map<string, AgentChannel[]>();
    for (const id of agents) {
      load.set(id, await store.agentLoad.get(id));
      channels.set(id, await store.agentChannels.listForUser(id));
    }
    const subscriptions = new Map<string, Subscription | undefined>();
    for (const { supervisorId, agentId } of pairs)
      subscriptions.set(`${supervisorId}/${agentId}`, await store.subscriptions.get(supervisorId, agentId));
    const audit = await store.audit.list(contactCenterId, {}, ALL);
    return { chats, load, channels, subscriptions, audit };
  } finally {
    await store.close();
  }
}

/** Every broken invariant, one line each (none: an empty list). */
export function invariantProblems(image: StoreImage, capacity: number): string[] {
  const problems = image.chats.flatMap(({ chat, parties, messages }) =>
    [
      ...transcriptProblems(chat, messages),
      ...phaseProblems(chat, parties),
      ...presence(parties, messages),
    ].map((problem) => `chat ${chat.id} (${chat.subject}, ${chat.phase}): ${problem}`),
  );
  for (const [userId, load] of image.load) {
    const holding = image.chats
      .flatMap((c) => c.parties)
      .filter((p) => p.role === 'agent' && p.userId === userId && holdsCapacity(p.state)).length;
    const active = load?.active ?? 0;
    if (active !== holding) problems.push(`agent ${userId}: ${active} slots counted, ${holding} held`);
    if (holding > capacity) problems.push(`agent ${userId}: ${holding} chats over capacity ${capacity}`);
  }
  return problems;
}

/** spec §3.1: indices 1, 2, … with no gap nor repeat, the last one the chat's `lastIndex`. */
function transcriptProblems(chat: Chat, messages: readonly Message[]): string[] {
  const indices = messages.map((m) => m.index);
  const expected = Array.from({ length: chat.lastIndex }, (_, i) => i + 1);
  return JSON.stringify(indices) === JSON.stringify(expected)
    ? []
    : [`transcript indices ${JSON.stringify(indices)}, lastIndex ${chat.lastIndex}`];
}

function phaseProblems(chat: Chat, parties: readonly Party[]): string[] {
  const staff = parties.filter((p) => p.role !== 'customer');
  const agents = (state: Party['state']) =>
    staff.filter((p) => p.role === 'agent' && p.state === state).length;
  const supervising = staff.filter((p) => p.role === 'supervisor' && p.state === 'Chatting').length;
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => void (ok || problems.push(what));
  expect(parties.filter((p) => p.role === 'customer').length === 1, 'one customer party');
  expect((chat.endedAt !== null) === (chat.phase === 'Ended'), `endedAt ${chat.endedAt}`);
  if (chat.phase === 'Queued') expect(agents('Invited') + agents('Chatting') === 0, 'queued with an agent');
  if (chat.phase === 'Offered')
    expect(agents('Invited') === 1 && agents('Chatting') === 0, 'offered: one agent invited, none chatting');
  if (chat.phase === 'Active') expect(agents('Chatting') >= 1, 'active without an agent chatting');
  if (chat.phase === 'Ended')
    expect(!staff.some((p) => p.state === 'Invited' || p.state === 'Chatting'), 'ended with staff in it');
  if (chat.phase !== 'Active') expect(supervising === 0, 'a supervisor chatting outside an active chat');
  return problems;
}

/**
 * A party is present (Chatting) exactly when the transcript has one more ParticipantJoined from
 * it than ParticipantLeft (a switch adds one of each): its state and its notices are one write.
 */
function presence(parties: readonly Party[], messages: readonly Message[]): string[] {
  return parties.flatMap((p) => {
    if (p.role === 'customer') return [];
    const count = (type: Message['type']) =>
      messages.filter((m) => m.from === p.participantId && m.type === type).length;
    const balance = count('ParticipantJoined') - count('ParticipantLeft');
    const present = p.state === 'Chatting' ? 1 : 0;
    return balance === present ? [] : [`${p.role} ${p.userId} ${p.state}: joined − left = ${balance}`];
  });
}

/** The text a transcript message carries for the load's purposes (a notice's noticeText). */
export function textOf(message: Message): string | null {
  return message.type === 'CustomNotice' ? message.noticeText : message.type === 'Text' ? message.text : null;
}
