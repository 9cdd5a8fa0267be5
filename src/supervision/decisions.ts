/**
 * Supervision decisions (spec §2.1, §4): joining the chats of a monitored agent, Intrude, mode
 * switches, and the audit record of each supervisor action. Pure apart from new ids; every
 * visibility question is answered by chats/visibility.ts.
 */
import { audit, chatAgentId } from '../chats/audit.js';
import { join } from '../chats/chat-end.js';
import { RetryableConflict } from '../chats/conflicts.js';
import { newParticipantId } from '../chats/ids.js';
import { isFinal } from '../chats/lifecycle.js';
import type { Party, SupervisorMode } from '../chats/model.js';
import type { Outcome, OutcomeBuilder } from '../chats/outcome.js';
import { MODE_VISIBILITY, partyVisibility } from '../chats/visibility.js';
import { DomainError } from '../errors.js';
import type { AuditAction, Subscription } from '../store/store.js';

export const SWITCH_TARGET: Readonly<Record<string, SupervisorMode>> = {
  SwitchToMonitor: 'Monitor',
  SwitchToCoach: 'Coach',
  SwitchToBargeIn: 'BargeIn',
  SwitchBargeIn: 'BargeIn',
};

function inChat(b: OutcomeBuilder, userId: string): boolean {
  return b.parties.some((p) => p.userId === userId && !isFinal(p.state));
}

function newSupervisorParty(
  b: OutcomeBuilder,
  userId: string,
  nickname: string,
  mode: SupervisorMode,
  expiresAt: number | null,
): Party {
  const party: Party = {
    chatId: b.chat.id,
    participantId: newParticipantId(),
    role: 'supervisor',
    userId,
    nickname,
    state: 'Invited',
    mode,
    invitedAt: b.now,
    offerExpiresAt: expiresAt,
  };
  b.setParty(party);
  return party;
}

/**
 * spec §4.1: when a monitored agent accepts a chat, each subscribed supervisor joins at once in
 * its subscribed mode; a NextChat subscription is consumed by this chat (once, across nodes).
 */
export function joinSubscribers(
  b: OutcomeBuilder,
  agent: Party,
  subscriptions: readonly Subscription[],
): void {
  for (const s of subscriptions) {
    if (inChat(b, s.supervisorId)) continue;
    join(b, newSupervisorParty(b, s.supervisorId, s.nickname, s.mode, null), s.nickname);
    if (s.scope === 'NextChat') {
      b.write(async (tx) => {
        if (!(await tx.subscriptions.consumeNextChat(s.supervisorId, s.agentId)))
          throw new RetryableConflict();
      });
    }
    audit(b, {
      supervisorId: s.supervisorId,
      agentId: agent.userId,
      action: 'Join',
      fromMode: null,
      toMode: s.mode,
    });
  }
}

export interface IntrudeRequest {
  readonly supervisorId: string;
  readonly supervisorName: string;
  readonly contactCenterId: string;
  readonly agentId: string;
  readonly mode: SupervisorMode | undefined;
  readonly subscription: Subscription | undefined;
  /** Contact-center setting: intrusion needs an active subscription (spec §2.1 strict mode). */
  readonly requireSubscription: boolean;
  readonly inviteTimeoutMs: number;
}

/** spec §2.1 Intrude: the supervisor receives the chat Invited, in the resolved mode. */
export function decideIntrude(b: OutcomeBuilder, r: IntrudeRequest): Outcome {
  const agentCopies = b.parties.filter((p) => p.role === 'agent' && p.userId === r.agentId);
  if (b.chat.contactCenterId !== r.contactCenterId || agentCopies.length === 0) {
    throw new DomainError('NotFound', 'The chat is not handled by that agent');
  }
  if (b.chat.phase !== 'Active' || !agentCopies.some((p) => p.state === 'Chatting')) {
    throw new DomainError('InvalidState', 'The chat is not in Chatting');
  }
  if (inChat(b, r.supervisorId))
    throw new DomainError('InvalidState', 'The supervisor is already in this chat');
  if (r.requireSubscription && !r.subscription) {
    throw new DomainError(
      'Forbidden',
      'Intrusion requires monitoring this agent (Monitor, Coach or BargeIn) first',
    );
  }
  const mode = r.mode ?? r.subscription?.mode;
  if (!mode) {
    throw new DomainError(
      'MissingParameter',
      'supervisorVisibilityMode is required when the agent is not monitored',
    );
  }
  const nickname = r.subscription?.nickname ?? r.supervisorName;
  const party = newSupervisorParty(b, r.supervisorId, nickname, mode, b.now + r.inviteTimeoutMs);
  b.emit({ type: 'StatusChanged', participantId: party.participantId });
  audit(b, {
    supervisorId: r.supervisorId,
    agentId: r.agentId,
    action: 'Intrude',
    fromMode: null,
    toMode: mode,
  });
  return b.build();
}

/**
 * spec §4.4: a switch changes the supervisor's visibility. Whoever saw it under the old mode gets
 * a ParticipantLeft with the old visibility, whoever sees it under the new one a ParticipantJoined
 * with the new visibility; participant lists update for both; earlier messages keep theirs.
 */
export function applySwitch(b: OutcomeBuilder, caller: Party, operationName: string): void {
  const to = SWITCH_TARGET[operationName];
  if (!to || caller.role !== 'supervisor' || !caller.mode)
    throw new DomainError('InvalidState', `${operationName} is for supervisors`);
  const from = partyVisibility(caller);
  const left = b.addMessage(caller, 'ParticipantLeft', from);
  const switched = { ...caller, mode: to };
  b.setParty(switched);
  const joined = b.addMessage(switched, 'ParticipantJoined', MODE_VISIBILITY[to]);
  b.emit({ type: 'ParticipantsChanged', visibilities: [from, MODE_VISIBILITY[to]] });
  b.emit({ type: 'MessagesAdded', messages: [left, joined] });
}

const AUDITED: Readonly<Record<string, AuditAction>> = {
  Accept: 'Accept',
  Reject: 'Reject',
  Leave: 'Leave',
  SwitchToMonitor: 'Switch',
  SwitchToCoach: 'Switch',
  SwitchToBargeIn: 'Switch',
  SwitchBargeIn: 'Switch',
};

/** Records a supervisor's action on its copy (Accept, Reject, Switch, Leave) with its modes. */
export function auditSupervisorAction(b: OutcomeBuilder, before: Party, operationName: string): void {
  const action = AUDITED[operationName];
  if (!action || before.role !== 'supervisor' || !before.userId) return;
  const after = b.party(before.participantId);
  const toMode = action === 'Leave' || action === 'Reject' ? null : (after?.mode ?? null);
  audit(b, {
    supervisorId: before.userId,
    agentId: chatAgentId(b.parties),
    action,
    fromMode: action === 'Accept' ? null : before.mode,
    toMode,
  });
}
