/**
 * Decisions for operations an agent (or a supervisor, see supervision/) calls on its own copy
 * (spec §2). The operation table (operations.ts) checks the caller's capabilities first (absent →
 * statusCode 2) and then applies one of these; none touches the store.
 */
import { DomainError } from '../errors.js';
import { announceLeft, endChat, join, move, requeue, visibleAgents } from './chat-end.js';
import { nextPhase } from './lifecycle.js';
import type { Party, UserData } from './model.js';
import type { OutcomeBuilder } from './outcome.js';
import { capabilitiesOf } from './present.js';
import type { OperationOf } from './schema.js';
import { partyVisibility } from './visibility.js';

export const DEFAULT_DISPOSITION_KEY = 'DispositionCode';

type PostArgs = Parameters<OutcomeBuilder['addMessage']> extends [Party, ...infer R] ? R : never;

function requireCustomerPresent(b: OutcomeBuilder): void {
  if (b.chat.phase === 'Ended') throw new DomainError('InvalidState', 'The customer has left the chat');
}

export function post(b: OutcomeBuilder, caller: Party, ...args: PostArgs): void {
  b.emit({ type: 'MessagesAdded', messages: [b.addMessage(caller, ...args)] });
}

/**
 * Posts to the customer (visibility All). The operations that call it are each allowed only
 * where SendMessage is (capabilities.ts), so the operation table's check covers them.
 */
function postToCustomer(b: OutcomeBuilder, caller: Party, ...args: PostArgs): void {
  requireCustomerPresent(b);
  post(b, caller, ...args);
}

/**
 * The [T] parameters of an operation (spec §2): a message to the customer before the operation,
 * only from a caller who may SendMessage now (Leave, Transfer and Complete do not imply it).
 */
export function say(
  b: OutcomeBuilder,
  caller: Party,
  op: { text?: string; messageType?: string; treatAs?: string },
) {
  if (!op.text) return;
  if (!capabilitiesOf(caller, b.parties).includes('SendMessage')) {
    throw new DomainError(
      'InvalidState',
      'This party cannot send to the customer (its messages are not seen by All)',
    );
  }
  sendText(b, caller, op as { text: string; messageType?: string; treatAs?: string });
}

function sendText(
  b: OutcomeBuilder,
  caller: Party,
  op: { text: string; messageType?: string; treatAs?: string },
) {
  postToCustomer(b, caller, 'Text', 'All', {
    text: op.text,
    messageType: op.messageType ?? null,
    treatAs: (op.treatAs as 'Normal' | 'System' | undefined) ?? 'Normal',
  });
}

/**
 * spec §2 Leave: a supervisor, a consultant, or an agent of a conference just leaves; the last
 * agent the customer sees ends the chat for the customer and stays in LeftChat (or completes).
 * Supervisors stay while another agent does (spec §4.5).
 */
export function leave(b: OutcomeBuilder, caller: Party, complete: boolean): void {
  const othersStay = visibleAgents(b.parties).some((p) => p.participantId !== caller.participantId);
  if (caller.role === 'supervisor' || caller.via === 'Consult' || othersStay) {
    announceLeft(b, move(b, caller, 'leave'));
    return;
  }
  const left = move(b, caller, complete ? 'complete' : 'leaveLast');
  announceLeft(b, left);
  endChat(b);
}

export function accept(
  b: OutcomeBuilder,
  caller: Party,
  op: OperationOf<'Accept'>,
  defaultNickname: string,
): void {
  if (caller.role === 'agent' && b.chat.phase === 'Offered')
    b.setChat({ phase: nextPhase(b.chat.phase, 'accept') });
  if (b.chat.phase === 'Ended') move(b, caller, 'joinFail');
  else join(b, caller, op.nickname ?? (caller.nickname || defaultNickname)); // keeps an Intrude's nickname
}

export function reject(b: OutcomeBuilder, caller: Party): void {
  move(b, caller, 'reject');
  if (caller.role !== 'agent') return;
  // The chat waited for this agent: back to its queue (spec §2 Reject); else an invitation ends.
  if (b.chat.phase === 'Offered') b.setChat({ phase: nextPhase(b.chat.phase, 'decline') });
  else b.emit({ type: 'ParticipantsChanged', visibilities: ['Agents'] });
}

/** The operation table checked SendMessage already: no second capability pass on the hot path. */
export function sendMessage(b: OutcomeBuilder, caller: Party, op: OperationOf<'SendMessage'>): void {
  sendText(b, caller, op);
}

export function sendTyping(
  b: OutcomeBuilder,
  caller: Party,
  started: boolean,
  text: string | undefined,
): void {
  postToCustomer(b, caller, started ? 'TypingStarted' : 'TypingStopped', 'All', { text: text ?? null });
}

export function sendUrl(b: OutcomeBuilder, caller: Party, op: OperationOf<'SendUrl'>): void {
  postToCustomer(b, caller, 'PushUrl', 'All', { url: op.url, text: op.text ?? null });
}

/** spec §9.2 d SendCustomNotice: a CustomNotice every participant sees. */
export function sendCustomNotice(
  b: OutcomeBuilder,
  caller: Party,
  op: OperationOf<'SendCustomNotice'>,
): void {
  postToCustomer(b, caller, 'CustomNotice', 'All', { noticeText: op.noticeText, text: op.text ?? null });
}

/**
 * spec §9.2 d SendNicknameUpdatedNotice: the caller's nickname changes and a NicknameUpdated
 * notice, already from the new nickname, goes to whoever sees the caller (a consultant's to agents).
 */
export function sendNicknameUpdated(b: OutcomeBuilder, caller: Party, nickname: string): void {
  const renamed = { ...caller, nickname };
  b.setParty(renamed);
  post(b, renamed, 'NicknameUpdated', partyVisibility(renamed), { noticeText: nickname });
  b.emit({ type: 'ParticipantsChanged', visibilities: [partyVisibility(renamed)] });
}

export function complete(b: OutcomeBuilder, caller: Party, op: OperationOf<'Complete'>): void {
  const wasPresent = caller.state === 'Chatting';
  const othersStay = visibleAgents(b.parties).some((p) => p.participantId !== caller.participantId);
  if (wasPresent && op.queueName && othersStay)
    throw new DomainError(
      'InvalidState',
      'A chat in a conference cannot be placed in a queue; Leave instead',
    );
  if (op.text && wasPresent) say(b, caller, op);
  const done = move(b, caller, 'complete');
  if (wasPresent) announceLeft(b, done);
  if (wasPresent && op.queueName && b.chat.phase === 'Active') requeue(b, op.queueName);
  else if (wasPresent && !othersStay) endChat(b);
}

export function leaveAndComplete(
  b: OutcomeBuilder,
  caller: Party,
  op: OperationOf<'LeaveAndComplete'>,
): void {
  say(b, caller, op);
  leave(b, caller, true);
  const after = b.party(caller.participantId);
  if (after?.state === 'LeftChat') move(b, after, 'complete');
}

export function setUserData(b: OutcomeBuilder, userData: UserData): void {
  b.setChat({ userData });
  b.emit({ type: 'PropertiesChanged' });
}
