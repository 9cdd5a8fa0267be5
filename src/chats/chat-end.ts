/**
 * Shared steps of chat decisions: joining, leaving, ending, re-queueing (spec §3.2, §4.5).
 * Each applies the lifecycle tables to an outcome under construction.
 */
import { audit, chatAgentId } from './audit.js';
import { nextPartyState, nextPhase } from './lifecycle.js';
import type { Party } from './model.js';
import type { OutcomeBuilder } from './outcome.js';
import { partyVisibility } from './visibility.js';

export function move(b: OutcomeBuilder, party: Party, event: Parameters<typeof nextPartyState>[1]): Party {
  const next = { ...party, state: nextPartyState(party.state, event), offerExpiresAt: null };
  b.setParty(next);
  b.emit({ type: 'StatusChanged', participantId: party.participantId });
  return next;
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

/** Pending agent offers are withdrawn; supervisors lose their copies too unless `keepSupervisors`. */
function releaseWatchers(b: OutcomeBuilder, keepSupervisors = false): void {
  const agentId = chatAgentId(b.parties);
  for (const party of b.parties) {
    const active = party.state === 'Chatting' || party.state === 'Invited';
    if (party.role === 'supervisor' && active && !keepSupervisors) {
      move(b, party, 'revoke');
      // The supervision audit records revocations too (the supervisor did not choose them).
      audit(b, {
        supervisorId: party.userId ?? '',
        agentId,
        action: 'Revoked',
        fromMode: party.mode,
        toMode: null,
      });
    } else if (party.role === 'agent' && party.state === 'Invited') move(b, party, 'withdraw');
  }
}

/**
 * The conversation is over for the customer (spec §3.2). When an agent ended it, supervisors are
 * revoked (spec §4.5); when the customer left, they stay with the agent until it completes.
 */
export function endChat(b: OutcomeBuilder, by: 'agent' | 'customer' = 'agent'): void {
  if (b.chat.phase !== 'Ended') b.setChat({ phase: nextPhase(b.chat.phase, 'end'), endedAt: b.now });
  releaseWatchers(b, by === 'customer');
}

/** The chat goes back to a queue (Complete with queueName, spec §2): supervisors are revoked. */
export function requeue(b: OutcomeBuilder, queue: string): void {
  b.setChat({ phase: nextPhase(b.chat.phase, 'requeue'), queue });
  releaseWatchers(b);
}
