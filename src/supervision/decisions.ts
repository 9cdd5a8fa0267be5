/**
 * Supervision decisions (spec §2.1, §4): joining the chats of a monitored agent, Intrude, mode
 * switches, and the audit record of each supervisor action. Pure apart from new ids; every
 * visibility question is answered by chats/visibility.ts.
 */
import { audit, chatAgentId } from '../chats/audit.js';
import { changeVisibility, join } from '../chats/chat-end.js';
import { RetryableConflict } from '../chats/conflicts.js';
import { newParticipantId } from '../chats/ids.js';
import { isFinal } from '../chats/lifecycle.js';
import type { Party, SupervisorMode } from '../chats/model.js';
import type { Outcome, OutcomeBuilder } from '../chats/outcome.js';
import { DomainError } from '../errors.js';
import type { AuditAction, Subscription } from '../store/store.js';

export type SwitchOperation = 'SwitchToMonitor' | 'SwitchToCoach' | 'SwitchToBargeIn' | 'SwitchBargeIn';

const SWITCH_TARGET: Readonly<Record<SwitchOperation, SupervisorMode>> = {
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
  agentId: string | null,
  showMonitoring: boolean,
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
    via: expiresAt === null ? 'Monitoring' : 'Intrude',
    monitoredAgentId: agentId,
    ...shown(mode, showMonitoring),
  };
  b.setParty(party);
  return party;
}

/** A supervisor entering Monitor is shown to agents when the contact center says so (records.ts). */
function shown(mode: SupervisorMode, showMonitoring: boolean): Pick<Party, 'shownToAgents'> {
  return mode === 'Monitor' && showMonitoring ? { shownToAgents: true } : {};
}

/**
 * spec §4.1: when a monitored agent accepts a chat, each subscribed supervisor joins at once in
 * its subscribed mode; a NextChat subscription is consumed by this chat (once, across nodes).
 */
export function joinSubscribers(
  b: OutcomeBuilder,
  agent: Party,
  subscriptions: readonly Subscription[],
  showMonitoring: boolean,
): void {
  for (const s of subscriptions) {
    if (inChat(b, s.supervisorId)) continue;
    const party = newSupervisorParty(
      b,
      s.supervisorId,
      s.nickname,
      s.mode,
      null,
      agent.userId,
      showMonitoring,
    );
    join(b, party, s.nickname);
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
  /** Contact-center setting showMonitoringToAgents (records.ts). */
  readonly showMonitoring: boolean;
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
  const expiresAt = b.now + r.inviteTimeoutMs;
  const party = newSupervisorParty(b, r.supervisorId, nickname, mode, expiresAt, r.agentId, r.showMonitoring);
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
 * spec §4.4: a switch changes the supervisor's visibility (chat-end.ts changeVisibility); into
 * Monitor, by the contact center's showMonitoringToAgents at the moment of the switch.
 */
export function applySwitch(
  b: OutcomeBuilder,
  caller: Party,
  operationName: SwitchOperation,
  showMonitoring: boolean,
): void {
  if (caller.role !== 'supervisor' || !caller.mode)
    throw new DomainError('InvalidState', `${operationName} is for supervisors`);
  const { shownToAgents: _was, ...rest } = caller;
  const mode = SWITCH_TARGET[operationName];
  changeVisibility(b, caller, { ...rest, mode, ...shown(mode, showMonitoring) });
}

/** Records a supervisor's action on its copy with its modes (the operation table names the action). */
export function auditSupervisorAction(b: OutcomeBuilder, before: Party, action: AuditAction): void {
  if (before.role !== 'supervisor' || !before.userId) return;
  const after = b.party(before.participantId);
  const ended = after === undefined || after.state !== 'Chatting';
  audit(b, {
    supervisorId: before.userId,
    agentId: before.monitoredAgentId ?? chatAgentId(b.parties),
    action,
    fromMode: action === 'Accept' ? null : before.mode,
    toMode: ended ? null : after.mode,
  });
}
