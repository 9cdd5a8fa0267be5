/**
 * The crash suite's comparison of the journal with the store a `kill -9` left (crash-store.ts):
 * each chat's digest is one the acknowledged operations allow (crash-model.ts), each text is
 * there as often as its operation's answer says, presence and monitoring subscriptions are the
 * last acknowledged (or the unanswered) value, the audit holds exactly the acknowledged
 * supervision actions (and maybe the unanswered one), and whatever a client was notified of
 * before the kill is in the store — notifications go out only after commit (STYLE.md §6).
 */
import type { Operation } from './crash-journal.js';
import type { Load } from './crash-load.js';
import type { ChatDigest } from './crash-model.js';
import { expectedDigests, expectedTexts, possibleAudit, possibleLast } from './crash-model.js';
import type { ChatRecord, StoreImage } from './crash-store.js';
import { textOf } from './crash-store.js';

/** Every disagreement, one line each (none: an empty list). */
export function journalProblems(load: Load, image: StoreImage): string[] {
  return [
    ...load.chats.flatMap((run) => chatProblems(load, image, run)),
    ...textProblems(load, image),
    ...presenceProblems(load, image),
    ...monitoringProblems(load, image),
    ...notifiedProblems(load, image),
  ];
}

function chatProblems(load: Load, image: StoreImage, run: Load['chats'][number]): string[] {
  const found = image.chats.filter((c) => c.chat.subject === run.subject);
  const requested = run.operations[0]?.outcome?.kind;
  if (found.length > 1) return [`${run.subject}: ${found.length} chats`];
  const record = found[0];
  if (!record) return requested === 'acknowledged' ? [`${run.subject}: acknowledged, not stored`] : [];
  const actual = digest(record, run.agent?.id, load.supervisor.id, image);
  const allowed = expectedDigests(run, load.supervisor.userName);
  const same = (d: ChatDigest) => canonical(d) === canonical(actual);
  return allowed.some(same)
    ? []
    : [`${run.subject}: ${JSON.stringify(actual)} is none of ${JSON.stringify(allowed)}`];
}

/** JSON with object keys sorted (user data comes back from the store in its own key order). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function digest(record: ChatRecord, agentId: string | undefined, supervisorId: string, image: StoreImage) {
  const { chat, parties } = record;
  const latest = (userId: string | undefined) => parties.filter((p) => p.userId === userId).at(-1);
  const agent = agentId ? latest(agentId) : undefined;
  const supervisor = latest(supervisorId);
  // Before its Accept the chat may sit offered to any agent: only an agent chatting would be wrong.
  const agentState = agent?.state === 'Invited' || !agent ? 'none' : agent.state;
  const chatting = parties.some((p) => p.role === 'agent' && p.state === 'Chatting');
  return {
    phase: chat.phase === 'Queued' || chat.phase === 'Offered' ? 'waiting' : chat.phase,
    agent: agentId ? agentState : chatting ? 'Chatting (unaccepted)' : 'none',
    supervisor: supervisor ? `${supervisor.state}:${supervisor.mode}` : 'none',
    userData: chat.userData,
    audit: image.audit.filter((e) => e.chatId === chat.id).map((e) => e.action),
  };
}

function textProblems(load: Load, image: StoreImage): string[] {
  const expected = expectedTexts(load.journal.operations);
  const counts = new Map<string, number>();
  for (const { messages } of image.chats)
    for (const m of messages) {
      const text = textOf(m);
      if (text?.startsWith(load.tag)) counts.set(text, (counts.get(text) ?? 0) + 1);
    }
  const problems: string[] = [];
  for (const [text, { min, max }] of expected) {
    const n = counts.get(text) ?? 0;
    if (n < min || n > max) problems.push(`"${text}" stored ${n} times (expected ${min}–${max})`);
  }
  for (const text of counts.keys())
    if (!expected.has(text)) problems.push(`"${text}" stored, never sent or refused`);
  return problems;
}

function presenceProblems(load: Load, image: StoreImage): string[] {
  const agent = load.agents[load.presenceIndex]!.user;
  const allowed = possibleLast(load.presence, 'Ready', (op) => op.name);
  const actual = (image.channels.get(agent.id) ?? []).map((c) => c.state).join(',');
  return allowed.includes(actual) ? [] : [`presence ${actual}, expected one of ${allowed.join(' | ')}`];
}

function monitoringProblems(load: Load, image: StoreImage): string[] {
  const { monitoring, monitored } = load;
  const stored = image.subscriptions.get(`${monitoring.id}/${monitored.id}`);
  const actual = stored ? `${stored.mode}:${stored.scope}` : 'none';
  const subscription = (op: Operation) =>
    op.name === 'CancelSupervisorMonitoring'
      ? 'none'
      : `${op.name}:${String(op.body?.supervisorMonitoringMode)}`;
  const allowed = possibleLast(load.subscriptions, 'none', subscription);
  const audit = image.audit
    .filter((e) => e.supervisorId === monitoring.id && e.agentId === monitored.id)
    .map((e) => e.action);
  const actions = possibleAudit(load.subscriptions, (op) =>
    op.name === 'CancelSupervisorMonitoring' ? 'Cancel' : 'Subscribe',
  );
  return [
    ...(allowed.includes(actual) ? [] : [`subscription ${actual}, expected one of ${allowed.join(' | ')}`]),
    ...(actions.some((a) => a.join() === audit.join())
      ? []
      : [`monitoring audit [${audit.join()}], expected one of ${JSON.stringify(actions)}`]),
  ];
}

/** A transcript message a desk client received before the kill is stored at its index. */
function notifiedProblems(load: Load, image: StoreImage): string[] {
  const byId = new Map(image.chats.map((c) => [c.chat.id, c]));
  return load.desks.flatMap((desk) =>
    desk.messages().flatMap(({ chatId, message }) => {
      const stored = byId.get(chatId)?.messages.find((m) => m.index === message.index);
      const same =
        stored !== undefined &&
        stored.type === message.type &&
        (stored.text ?? undefined) === message.text &&
        (stored.noticeText ?? undefined) === message.noticeText;
      return same ? [] : [`${desk.userName} was notified of ${JSON.stringify(message)}, not stored`];
    }),
  );
}
