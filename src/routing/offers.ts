/**
 * Routing decisions on a chat (pure): offer a queued chat to an agent — the agent's copy is
 * Invited with Accept/Reject and an expiry (spec §3.2) — and withdraw an offer that expired.
 * The capacity slot is taken by the engine's conditional write (`reserve`).
 */
import { inviteAgent, move } from '../chats/chat-end.js';
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
  const invited = inviteAgent(b, agentUserId, 'Routing', b.now + timeoutMs);
  b.reserve(agentUserId, capacity);
  return b.build({ result: invited });
}

/**
 * Withdraws the invitation of `participantId` (a routing offer, a Transfer, Invite or Consult, an
 * Intrude) if it is still pending and expired at `now` (the sweep's clock); else changes nothing.
 * An offer of a chat waiting for its agent sends the chat back to its queue.
 */
export function decideWithdraw(b: OutcomeBuilder, participantId: string, now: number): Outcome {
  const party = b.party(participantId);
  if (!party || party.state !== 'Invited' || party.offerExpiresAt === null || party.offerExpiresAt > now)
    return b.build();
  move(b, party, 'withdraw');
  if (party.role === 'agent' && b.chat.phase === 'Offered')
    b.setChat({ phase: nextPhase(b.chat.phase, 'decline') });
  else if (party.role === 'agent') b.emit({ type: 'ParticipantsChanged', visibilities: ['Agents'] }); // colleagues' capabilities
  return b.build();
}
