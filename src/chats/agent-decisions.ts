/**
 * Decisions for operations an agent (or a supervisor, see supervision/) calls on its own copy
 * (spec §2). Each checks the caller's capabilities first (absent → statusCode 2), then applies
 * the lifecycle; none touches the store.
 */
import { DomainError } from '../errors.js';
import { allows, capabilities } from './capabilities.js';
import { announceLeft, endChat, join, move, requeue } from './chat-end.js';
import type { Party, UserData } from './model.js';
import type { Outcome, OutcomeBuilder } from './outcome.js';
import { hasAgentAudience } from './present.js';
import { applySwitch } from '../supervision/decisions.js';
import type { AgentOperation } from './schema.js';

export const DEFAULT_DISPOSITION_KEY = 'DispositionCode';

export function requireCapability(b: OutcomeBuilder, caller: Party, operationName: string): void {
  const list = capabilities({
    state: caller.state,
    role: caller.role,
    mode: caller.mode,
    agentAudience: hasAgentAudience(caller, b.parties),
  });
  if (!allows(list, operationName)) {
    throw new DomainError(
      'InvalidState',
      `${operationName} is not available on a chat in state ${caller.state}`,
    );
  }
}

function requireCustomerPresent(b: OutcomeBuilder): void {
  if (b.chat.phase === 'Ended') throw new DomainError('InvalidState', 'The customer has left the chat');
}

function say(
  b: OutcomeBuilder,
  caller: Party,
  op: { text?: string; messageType?: string; treatAs?: string },
): void {
  if (!op.text) return;
  requireCustomerPresent(b);
  const m = b.addMessage(caller, 'Text', 'All', {
    text: op.text,
    messageType: op.messageType ?? null,
    treatAs: (op.treatAs as 'Normal' | 'System' | undefined) ?? 'Normal',
  });
  b.emit({ type: 'MessagesAdded', messages: [m] });
}

function post(
  b: OutcomeBuilder,
  caller: Party,
  ...args: Parameters<OutcomeBuilder['addMessage']> extends [Party, ...infer R] ? R : never
) {
  const m = b.addMessage(caller, ...args);
  b.emit({ type: 'MessagesAdded', messages: [m] });
}

function leave(b: OutcomeBuilder, caller: Party, complete: boolean): void {
  const othersStay = b.parties.some(
    (p) => p.role === 'agent' && p.participantId !== caller.participantId && p.state === 'Chatting',
  );
  if (caller.role === 'supervisor' || othersStay) {
    move(b, caller, 'leave');
    announceLeft(b, caller);
    return;
  }
  // The last agent leaves: the chat ends for the customer (spec §2 Leave).
  const left = move(b, caller, complete ? 'complete' : 'leaveLast');
  announceLeft(b, left);
  endChat(b);
}

function setUserData(b: OutcomeBuilder, userData: UserData): void {
  b.setChat({ userData });
  b.emit({ type: 'PropertiesChanged' });
}

export function decideAgentOperation(
  b: OutcomeBuilder,
  caller: Party,
  op: AgentOperation,
  defaultNickname: string,
): Outcome {
  applyAgentOperation(b, caller, op, defaultNickname);
  return b.build();
}

/** Applies an operation to the outcome under construction (callers may add to it before building). */
export function applyAgentOperation(
  b: OutcomeBuilder,
  caller: Party,
  op: AgentOperation,
  defaultNickname: string,
): void {
  requireCapability(b, caller, op.operationName);
  switch (op.operationName) {
    case 'Accept':
      if (caller.role === 'agent') b.setChat({ phase: b.chat.phase === 'Offered' ? 'Active' : b.chat.phase });
      if (b.chat.phase === 'Ended') move(b, caller, 'joinFail');
      else join(b, caller, op.nickname ?? (caller.nickname || defaultNickname)); // keeps an Intrude's nickname
      break;
    case 'Reject':
      move(b, caller, 'reject');
      if (caller.role === 'agent' && b.chat.phase === 'Offered') b.setChat({ phase: 'Queued' });
      break;
    case 'SendMessage':
      say(b, caller, op);
      break;
    case 'SendStartTypingNotification':
    case 'SendStopTypingNotification':
      requireCustomerPresent(b);
      post(
        b,
        caller,
        op.operationName === 'SendStartTypingNotification' ? 'TypingStarted' : 'TypingStopped',
        'All',
        { text: op.text ?? null },
      );
      break;
    case 'SendUrl':
      requireCustomerPresent(b);
      post(b, caller, 'PushUrl', 'All', { url: op.url, text: op.text ?? null });
      break;
    case 'SendToAgents':
      post(b, caller, 'Text', 'Agents', {
        text: op.text,
        messageType: op.messageType ?? null,
        treatAs: op.treatAs ?? 'Normal',
      });
      break;
    case 'SendStartTypingToAgentsNotification':
    case 'SendStopTypingToAgentsNotification':
      post(
        b,
        caller,
        op.operationName.startsWith('SendStart') ? 'TypingStarted' : 'TypingStopped',
        'Agents',
        { text: op.text ?? null },
      );
      break;
    case 'SendCustomNoticeToAgents':
      post(b, caller, 'CustomNotice', 'Agents', { noticeText: op.noticeText, text: op.text ?? null });
      break;
    case 'Leave':
      if (op.text) say(b, caller, op);
      leave(b, caller, false);
      break;
    case 'LeaveAndComplete':
      if (op.text) say(b, caller, op);
      leave(b, caller, true);
      if (b.party(caller.participantId)?.state === 'LeftChat')
        move(b, b.party(caller.participantId) as Party, 'complete');
      break;
    case 'Complete': {
      if (op.text && caller.state === 'Chatting') say(b, caller, op);
      const wasPresent = caller.state === 'Chatting';
      const done = move(b, caller, 'complete');
      if (wasPresent) announceLeft(b, done);
      if (wasPresent && op.queueName && b.chat.phase === 'Active') requeue(b, op.queueName);
      else if (wasPresent && !b.parties.some((p) => p.role === 'agent' && p.state === 'Chatting')) endChat(b);
      break;
    }
    case 'SetInFocus':
    case 'InFocus':
      break; // a UI focus hint: no state change, no notification (spec §2, inferred)
    case 'AttachUserData':
    case 'UpdateUserData':
      setUserData(b, { ...b.chat.userData, ...op.userData });
      break;
    case 'DeleteUserData': {
      const userData = { ...b.chat.userData };
      for (const key of op.keys) delete userData[key];
      setUserData(b, userData);
      break;
    }
    case 'SetDisposition':
      setUserData(b, { ...b.chat.userData, [op.dispositionKey ?? DEFAULT_DISPOSITION_KEY]: op.disposition });
      break;
    default:
      applySwitch(b, caller, op.operationName);
  }
}
