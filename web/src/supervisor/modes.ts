/**
 * Supervisor modes (spec §4.3) as the console names them, and what a supervisor's copy says of
 * its own mode and of its switches (spec §3.4, §4.4). Pure and DOM-free (unit-tested under test/web).
 */
import type { ChatCopy, Visibility } from '../lib/chat-copy.js';

export type Mode = 'Monitor' | 'Coach' | 'BargeIn';
export type Scope = 'NextChat' | 'AllChats';

export const MODES: readonly Mode[] = ['Monitor', 'Coach', 'BargeIn'];
export const MODE_LABEL: Readonly<Record<string, string>> = {
  Monitor: 'Monitor',
  Coach: 'Coach',
  BargeIn: 'Barge in',
};
/** Who sees the supervisor in each mode (spec §4.2, §4.3). */
export const MODE_MEANING: Readonly<Record<Mode, string>> = {
  Monitor: 'Only supervisors see you. You cannot write.',
  Coach: 'The agent sees you and your messages; the customer does not.',
  BargeIn: 'Everyone sees you, the customer included.',
};
export const SCOPE_LABEL: Readonly<Record<Scope, string>> = {
  NextChat: 'Next chat',
  AllChats: 'All chats',
};

/** spec §4.3: the supervisor participant's visibility in each mode. */
const BY_VISIBILITY: Readonly<Record<Visibility, Mode>> = {
  Supervisors: 'Monitor',
  Agents: 'Coach',
  All: 'BargeIn',
};

const isMode = (value: unknown): value is Mode => MODES.includes(value as Mode);

/** The user's own participant in the copy (its `uri` ends with the user's id, spec §9.2 g). */
export function ownParticipant(copy: ChatCopy, userId: string) {
  return copy.participants.find((p) => p.uri?.endsWith(`/users/${userId}`));
}

/** The copy's mode: its `supervisorMode`, else the own participant's visibility. */
export function modeOf(copy: ChatCopy, userId: string): Mode | undefined {
  if (isMode(copy.supervisorMode)) return copy.supervisorMode;
  const visibility = ownParticipant(copy, userId)?.visibility;
  return visibility ? BY_VISIBILITY[visibility] : undefined;
}

/**
 * The switches the capabilities allow, in mode order. spec §3.4: barge-in prints as
 * `SwitchBargeIn` (the operation sent is the capability's name; `SwitchToBargeIn` is accepted too).
 */
export function switchesOf(copy: ChatCopy): { mode: Mode; operationName: string }[] {
  const ops: Record<Mode, readonly string[]> = {
    Monitor: ['SwitchToMonitor'],
    Coach: ['SwitchToCoach'],
    BargeIn: ['SwitchBargeIn', 'SwitchToBargeIn'],
  };
  return MODES.flatMap((mode) => {
    const operationName = ops[mode].find((op) => copy.capabilities.includes(op));
    return operationName ? [{ mode, operationName }] : [];
  });
}

/** The customer's nickname: from the participants, else from a line the customer wrote. */
export function customerOf(copy: ChatCopy): string | undefined {
  const customer = copy.participants.find((p) => p.type === 'Customer' || p.type === 'Client');
  if (customer) return customer.nickname;
  return copy.messages.find((m) => m.from.type === 'Customer' || m.from.type === 'Client')?.from.nickname;
}
