/**
 * Shared steps of chat decisions: inviting, joining, leaving, ending, re-queueing (spec §3.2,
 * §4.5). Each applies the lifecycle tables to an outcome under construction.
 */
import { audit, chatAgentId } from './audit.js';
import { newParticipantId } from './ids.js';
import type { PartyEvent } from './lifecycle.js';
import { nextPartyState, nextPhase } from './lifecycle.js';
import type { Party, PartyVia } from './model.js';
import type { OutcomeBuilder } from './outcome.js';
import { partyVisibility } from './visibility.js';

/** Applies a party event (lifecycle.ts); the party's user gets a StatusChange. */
export function move(b: OutcomeBuilder, party: Party, event: PartyEvent): Party {
  const next = { ...party, state: nextPartyState(party.state, event), offerExpiresAt: null };
  b.setParty(next);
  b.emit({
    type: 'StatusChanged',
    participantId: party.participantId,
    ...(event === 'reject' ? { rejected: true } : {}),
  });
  return next;
}

/** The agents the customer sees in the chat now: present, and not consultants. */
export function visibleAgents(parties: readonly Party[]): Party[] {
  return parties.filter((p) => p.role === 'agent' && p.state === 'Chatting' && p.via !== 'Consult');
}

/** An agent's copy Invited into this chat (a routing offer, a Transfer, an Invite, a Consult). */
export function inviteAgent(b: OutcomeBuilder, userId: string, via: PartyVia, expiresAt: number): Party {
  const invited: Party = {
    chatId: b.chat.id,
    participantId: newParticipantId(),
    role: 'agent',
    userId,
    nickname: '',
    state: 'Invited',
    mode: null,
    invitedAt: b.now,
    offerExpiresAt: expiresAt,
    via,
    monitoredAgentId: null,
  };
  b.setParty(invited);
  b.emit({ type: 'StatusChanged', participantId: invited.participantId });
  return invited;
}

/** A party present in the chat goes: a ParticipantLeft notice with its visibility, lists updated. */
export function announceLeft(b: OutcomeBuilder, party: Party): void {
  const visibility = partyVisibility(party);
  const notice = b.addMessage(party, 'ParticipantLeft', visibility);
  b.emit({ type: 'ParticipantsChanged', visibilities: [visibility] });
  b.emit({ type: 'MessagesAdded', messages: [notice] });
}

/** A party joins: Chatting, a ParticipantJoined notice, lists updated, its history replayed. */
export function join(b: OutcomeBuilder, party: Party, nickname: string): void {
  const joined = move(b, { ...party, nickname }, 'accept');
  const visibility = partyVisibility(joined);
  const notice = b.addMessage(joined, 'ParticipantJoined', visibility);
  b.emit({ type: 'ParticipantsChanged', visibilities: [visibility] });
  b.emit({ type: 'MessagesAdded', messages: [notice], exceptParticipant: joined.participantId });
  b.emit({ type: 'HistoryReplayed', participantId: joined.participantId, upToIndex: notice.index });
}

/**
 * A present party is seen differently from now on (a supervisor's switch, spec §4.4; a consultant
 * brought into the conference or handed the chat): whoever saw it before gets a ParticipantLeft
 * with the old visibility, whoever sees it now a ParticipantJoined with the new one; participant
 * lists update for both; earlier messages keep theirs.
 */
export function changeVisibility(b: OutcomeBuilder, before: Party, after: Party): void {
  const from = partyVisibility(before);
  const to = partyVisibility(after);
  const left = b.addMessage(before, 'ParticipantLeft', from);
  b.setParty(after);
  const joined = b.addMessage(after, 'ParticipantJoined', to);
  b.emit({ type: 'ParticipantsChanged', visibilities: [from, to] });
  b.emit({ type: 'MessagesAdded', messages: [left, joined] });
}

/**
 * A supervisor loses its copy (it did not choose to): Revoked, and audited (spec §4.5). One
 * present leaves the transcript as any party does: whoever stays, or joins later, sees it go.
 */
export function revokeSupervisor(b: OutcomeBuilder, party: Party): void {
  const revoked = move(b, party, 'revoke');
  if (party.state === 'Chatting') announceLeft(b, revoked);
  audit(b, {
    supervisorId: party.userId ?? '',
    agentId: party.monitoredAgentId ?? chatAgentId(b.parties),
    action: 'Revoked',
    fromMode: party.mode,
    toMode: null,
  });
}

/**
 * A supervisor's copy that only a revoke ends: invited, present, or left in JoinFailed by an
 * Accept that came after the customer left (it has no capability of its own to end it).
 */
export function holdsSupervisorCopy(party: Party): boolean {
  return (
    party.role === 'supervisor' &&
    (party.state === 'Chatting' || party.state === 'Invited' || party.state === 'JoinFailed')
  );
}

/**
 * The agents' side of the chat is over: pending agent invitations are withdrawn, consultants
 * leave, and supervisors lose their copies unless `keepSupervisors`.
 */
function releaseWatchers(b: OutcomeBuilder, keepSupervisors = false): void {
  for (const party of b.parties) {
    if (holdsSupervisorCopy(party) && !keepSupervisors) revokeSupervisor(b, party);
    else if (party.role === 'agent' && party.state === 'Invited') move(b, party, 'withdraw');
  }
  if (!keepSupervisors) releaseConsultants(b);
}

/** Consultations end with the agent side they served (a queue, the end, a transfer away). */
export function releaseConsultants(b: OutcomeBuilder): void {
  for (const party of b.parties)
    if (party.role === 'agent' && party.state === 'Chatting' && party.via === 'Consult')
      announceLeft(b, move(b, party, 'leave'));
}

/**
 * The conversation is over for the customer (spec §3.2). When an agent ended it, supervisors are
 * revoked (spec §4.5); when the customer left, they stay with the agent until it completes.
 */
export function endChat(b: OutcomeBuilder, by: 'agent' | 'customer' = 'agent'): void {
  if (b.chat.phase !== 'Ended') b.setChat({ phase: nextPhase(b.chat.phase, 'end'), endedAt: b.now });
  releaseWatchers(b, by === 'customer');
}

/** The chat goes back to a queue (Complete with queueName, Transfer to a queue, spec §2): supervisors are revoked. */
export function requeue(b: OutcomeBuilder, queue: string): void {
  b.setChat({ phase: nextPhase(b.chat.phase, 'requeue'), queue });
  releaseWatchers(b);
}
