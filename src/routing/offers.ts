/**
 * Routing decisions on a chat (pure): offer a queued chat to an agent — the agent's copy is
 * Invited with Accept/Reject and an expiry (spec §3.2) — and withdraw an offer that expired.
 * The capacity slot is taken by the engine's conditional write (`reserve`).
 */
import { move } from '../chats/chat-end.js';
import { newParticipantId } from '../chats/ids.js';
import { nextPhase } from '../chats/lifecycle.js';
import type { Party } from '../chats/model.js';
import type { Outcome, OutcomeBuilder } from '../chats/outcome.js';

export function decideOffer(
  b: OutcomeBuilder,
  agentUserId: string,
  capacity: number,
  timeoutMs: number,
): Outcome<Party> {
  b.setChat({ phase: nextPhase(b.chat.phase, 'offer') });
  const invited: Party = {
    chatId: b.chat.id,
    participantId: newParticipantId(),
    role: 'agent',
    userId: agentUserId,
    nickname: '',
    state: 'Invited',
    mode: null,
    invitedAt: b.now,
    offerExpiresAt: b.now + timeoutMs,
  };
  b.setParty(invited);
  b.emit({ type: 'StatusChanged', participantId: invited.participantId });
  return b.build({ reserve: { userId: agentUserId, capacity }, result: invited });
}

/**
 * Withdraws the invitation of `participantId` (a routing offer or an Intrude) if it is still
 * pending and expired at `now` (the sweep's clock); else changes nothing.
 */
export function decideWithdraw(b: OutcomeBuilder, participantId: string, now: number): Outcome {
  const party = b.party(participantId);
  if (!party || party.state !== 'Invited' || party.offerExpiresAt === null || party.offerExpiresAt > now)
    return b.build();
  move(b, party, 'withdraw');
  if (party.role === 'agent' && b.chat.phase === 'Offered')
    b.setChat({ phase: nextPhase(b.chat.phase, 'decline') });
  return b.build();
}
