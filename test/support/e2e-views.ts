/**
 * Reading what end-to-end parties received: transcript messages as compact lines, participant
 * lists, notification kinds, GWS timestamps (spec §3.1, §5.2), the capability sets Parley offers
 * (spec §3.3, §3.4), and the visibility rule agents are held to (spec §4.2).
 */
import assert from 'node:assert/strict';
import type { Data, E2e, Party } from './e2e-chat.js';

/** spec §3.1 `yyyy-MM-dd HH:mm:ss.SSSZ` (Parley writes UTC). */
export const GWS_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\+0000$/;
export const PARTICIPANT_ID = /^[0-9A-F]{16}$/;

/** What the accepting party receives on Accept (spec §5.3), as `kinds` gives it. */
export const ACCEPT = ['StatusChange Chatting', 'ParticipantsUpdated Chatting', 'NewMessages'];
export const USER_DATA_OPS = ['SetDisposition', 'AttachUserData', 'DeleteUserData', 'UpdateUserData'];
const TO_AGENTS = [
  'SendToAgents',
  'SendStartTypingToAgentsNotification',
  'SendStopTypingToAgentsNotification',
];
const TYPING = ['SendStartTypingNotification', 'SendStopTypingNotification'];
const HAND_OVER = ['Transfer', 'Invite', 'Consult'];

/** spec §3.4: the Coach and BargeIn samples and the recommended Monitor set, then Parley's additions. */
export const SUPERVISOR_CAPABILITIES = {
  Monitor: ['Leave', 'SetInFocus', ...USER_DATA_OPS, 'SwitchToCoach', 'SwitchBargeIn'],
  Coach: [
    'Leave',
    'SetInFocus',
    ...USER_DATA_OPS,
    ...HAND_OVER,
    ...TO_AGENTS,
    'SwitchToMonitor',
    'SwitchBargeIn',
    'SendCustomNoticeToAgents',
  ],
  BargeIn: [
    'Leave',
    'SetInFocus',
    ...USER_DATA_OPS,
    ...HAND_OVER,
    ...TO_AGENTS,
    'SendMessage',
    ...TYPING,
    'SwitchToMonitor',
    'SwitchToCoach',
    'SendCustomNoticeToAgents',
    'SendUrl',
  ],
} as const;

/**
 * spec §3.3: an agent's Chatting set (the "full set", the conference row's to-agents operations
 * when someone can hear them), then Parley's additions; RemoveParticipantFromConference while
 * another agent is in the chat.
 */
export const agentCapabilities = (agentAudience: boolean, colleagues = false): string[] => [
  'Transfer',
  'Leave',
  'Invite',
  'Consult',
  'SetInFocus',
  ...USER_DATA_OPS,
  'Complete',
  'SendMessage',
  ...TYPING,
  ...(agentAudience ? TO_AGENTS : []),
  'LeaveAndComplete',
  'SendUrl',
  'SendCustomNotice',
  'SendNicknameUpdatedNotice',
  ...(agentAudience ? ['SendCustomNoticeToAgents'] : []),
  ...(colleagues ? ['RemoveParticipantFromConference'] : []),
];

/** spec §2 Consult: a consultant talks to agents only. */
export const CONSULTANT_CAPABILITIES = [
  'Leave',
  'SetInFocus',
  ...USER_DATA_OPS,
  ...TO_AGENTS,
  'SendCustomNoticeToAgents',
  'SendNicknameUpdatedNotice',
];

/** `index type nickname:visibility [text|url]` — one line per transcript message. */
export function line(m: Data): string {
  const from = m.from ?? {};
  const extra = m.text !== undefined ? ` ${String(m.text)}` : m.url !== undefined ? ` ${String(m.url)}` : '';
  const visibility = m.visibility === undefined ? '' : `:${String(m.visibility)}`;
  return `${String(m.index)} ${String(m.type)} ${String(from.nickname)}${visibility}${extra}`;
}

/** The messages of MessageLogUpdated notifications as lines, checking each envelope and timestamp. */
export function transcript(notes: Data[], chatId: string, e2e: E2e): string[] {
  return notes.flatMap((n) => {
    assert.equal(n.messageType, 'MessageLogUpdated', JSON.stringify(n));
    assert.equal(n.notificationType, 'NewMessages');
    assert.equal(n.chatPath, `/chats/${chatId}`);
    assert.equal(n.chatUri, `${e2e.url}/api/v2/chats/${chatId}`);
    for (const m of n.messages ?? []) assertTimestamp(m);
    return (n.messages ?? []).map(line);
  });
}

/** `nickname:visibility` (agent view) or `nickname` (customer view) of a chat's participants. */
export function who(chat: Data | undefined): string[] {
  return (chat?.participants ?? []).map((p) =>
    p.visibility === undefined ? String(p.nickname) : `${String(p.nickname)}:${String(p.visibility)}`,
  );
}

/** `notificationType state` of chat-state notifications, `NewMessages` for transcript ones. */
export function kinds(notes: Data[]): string[] {
  return notes.map((n) =>
    n.messageType === 'MessageLogUpdated'
      ? 'NewMessages'
      : `${String(n.notificationType)} ${String(n.chat?.state)}`,
  );
}

export function assertTimestamp(m: Data): void {
  assert.match(String(m.timestamp), GWS_TIMESTAMP);
  assert.equal(typeof m.timestampSeconds, 'number', 'milliseconds since the epoch (spec §3.1)');
  const iso = `${String(m.timestamp).slice(0, 10)}T${String(m.timestamp).slice(11, 23)}Z`;
  assert.equal(Date.parse(iso), m.timestampSeconds, 'timestamp and timestampSeconds agree');
  assert.ok(Math.abs(Date.now() - (m.timestampSeconds as number)) < 120_000, 'a current timestamp');
}

/** The notifications of an agent that carry the `Supervisors` visibility anywhere (spec §4.2: none). */
export function supervisorsContent(notes: readonly Data[]): Data[] {
  return notes.filter((d) => JSON.stringify(d).includes('"visibility":"Supervisors"'));
}

export function assertNoSupervisorsVisibility(agent: Party): void {
  assert.deepEqual(supervisorsContent(agent.all()), [], 'the agent received Supervisors content');
}
