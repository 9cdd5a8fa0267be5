/**
 * Collaboration decisions (spec §2): Transfer, Invite (a conference), Consult and
 * RemoveParticipantFromConference. A chat holds several agent parties; each comes in by its own
 * invitation, which takes a slot of the agent's capacity in the same outcome (`reserve`), and
 * leaves on its own. The customer sees only visible agents; a consultant is seen by agents only.
 *
 * A supervisor in Coach or BargeIn may call them too (spec §3.4): it acts for the agent it
 * supervises. After a Transfer, supervisors whose agent is no longer in the chat are Revoked
 * (spec §2 Transfer, §4.5); supervisors of an agent who stays in a conference stay.
 */
import type { User } from '../accounts/records.js';
import { DomainError } from '../errors.js';
import { selectAgent } from '../routing/select.js';
import type { AgentLoad, Repositories } from '../store/store.js';
import { chatAgentId } from './audit.js';
import {
  announceLeft,
  changeVisibility,
  inviteAgent,
  move,
  requeue,
  holdsSupervisorCopy,
  releaseConsultants,
  revokeSupervisor,
  visibleAgents,
} from './chat-end.js';
import { isFinal, nextPhase } from './lifecycle.js';
import type { ChatSnapshot, Party, PartyVia } from './model.js';
import type { OutcomeBuilder } from './outcome.js';
import type { Target } from './targets.js';
import { agentTargetOf, targetOf } from './targets.js';

/** What a hand-over reads in the command's transaction. */
export interface HandOver {
  readonly target: Target;
  /** The target user, when it is an agent of the chat's contact center. */
  readonly agent: User | undefined;
  readonly capacity: number;
  readonly inviteTimeoutMs: number;
  /** Consult to a queue: the agents routing would offer to now. */
  readonly candidates: readonly AgentLoad[];
}

export async function prepareHandOver(
  tx: Repositories,
  snapshot: ChatSnapshot,
  op: { readonly operationName: string; readonly targetUri?: string; readonly queueName?: string },
): Promise<HandOver> {
  const target =
    op.operationName === 'Transfer' || op.operationName === 'Consult'
      ? targetOf(op)
      : { kind: 'agent' as const, userId: agentTargetOf(op, op.operationName) };
  const { contactCenterId } = snapshot.chat;
  const center = await tx.contactCenters.get(contactCenterId);
  const capacity = center?.settings.chatCapacity ?? 1;
  const user = target.kind === 'agent' ? await tx.users.get(target.userId) : undefined;
  const agent =
    user && user.contactCenterId === contactCenterId && user.roles.includes('ROLE_AGENT') ? user : undefined;
  const candidates =
    target.kind === 'queue' && op.operationName === 'Consult'
      ? await tx.agentLoad.candidates(contactCenterId, capacity)
      : [];
  return {
    target,
    agent,
    capacity,
    inviteTimeoutMs: (center?.settings.inviteTimeoutSeconds ?? 30) * 1000,
    candidates,
  };
}

/**
 * The agent a caller acts for: itself, or the agent a supervisor supervises — once that agent
 * left a conference, the agent the supervisor stayed with (spec §4.5), the latest to join.
 */
function actingAgent(b: OutcomeBuilder, caller: Party): Party {
  if (caller.role === 'agent') return caller;
  const agents = visibleAgents(b.parties);
  const agentId = caller.monitoredAgentId ?? chatAgentId(b.parties);
  const agent = agents.find((p) => p.userId === agentId) ?? agents.at(-1);
  if (!agent) throw new DomainError('InvalidState', 'No agent is in the chat any more');
  return agent;
}

function agentOf(h: HandOver): string {
  if (!h.agent) throw new DomainError('NotFound', 'Unknown agent');
  return h.agent.id;
}

/** The user's open copy in this chat, if any. */
function openCopy(b: OutcomeBuilder, userId: string): Party | undefined {
  return b.parties.find((p) => p.userId === userId && !isFinal(p.state));
}

/** Invites agent `userId`, or brings in the consultant it already is; refuses anyone else already in. */
function bringIn(
  b: OutcomeBuilder,
  h: HandOver,
  userId: string,
  via: Exclude<PartyVia, 'Consult'>,
): Party | undefined {
  const present = openCopy(b, userId);
  if (present?.state === 'Chatting' && present.role === 'agent' && present.via === 'Consult') {
    changeVisibility(b, present, { ...present, via });
    return undefined; // already holds its slot
  }
  if (present) throw new DomainError('InvalidState', 'That agent is already in this chat');
  return inviteAgent(b, userId, via, b.now + h.inviteTimeoutMs);
}

/** spec §2 Transfer: the acting agent's copy ends; the target agent is offered the chat, or a queue gets it. */
export function decideTransfer(b: OutcomeBuilder, caller: Party, h: HandOver): void {
  const from = actingAgent(b, caller);
  const othersStay = visibleAgents(b.parties).some((p) => p.participantId !== from.participantId);
  if (h.target.kind === 'queue') {
    if (othersStay)
      throw new DomainError(
        'InvalidState',
        'Transfer to a queue is not available in a conference; Leave instead',
      );
    handOff(b, caller, from);
    requeue(b, h.target.queueName); // supervisors are revoked (spec §4.5)
    return;
  }
  const userId = agentOf(h);
  if (userId === from.userId) throw new DomainError('InvalidState', 'The chat is already with that agent');
  const invited = bringIn(b, h, userId, 'Transfer');
  handOff(b, caller, from);
  // Nobody the customer sees stays: a consultation served the agent who left, and ends as on a
  // transfer to a queue (a consultant named as the target was made visible above, and stays).
  if (!othersStay) releaseConsultants(b);
  if (invited) b.reserve(userId, h.capacity);
  if (invited && !othersStay) b.setChat({ phase: nextPhase(b.chat.phase, 'transfer') });
  const staying = new Set(visibleAgents(b.parties).map((p) => p.userId));
  for (const p of b.parties) {
    if (holdsSupervisorCopy(p) && !staying.has(p.monitoredAgentId)) revokeSupervisor(b, p);
  }
}

/** The acting agent's copy ends (and a supervisor who transferred for it leaves too). */
function handOff(b: OutcomeBuilder, caller: Party, from: Party): void {
  announceLeft(b, move(b, from, 'transfer'));
  if (caller.participantId !== from.participantId) announceLeft(b, move(b, caller, 'leave'));
}

/** spec §2 Invite: a conference — the invited agent gets the chat Invited and, on Accept, is seen by all. */
export function decideInvite(b: OutcomeBuilder, h: HandOver): void {
  nextPhase(b.chat.phase, 'invite');
  const userId = agentOf(h);
  if (bringIn(b, h, userId, 'Conference')) {
    b.reserve(userId, h.capacity);
    b.emit({ type: 'ParticipantsChanged', visibilities: ['Agents'] }); // colleagues' capabilities
  }
}

/** spec §2 Consult: an agent (named, or picked from a queue as routing would) joins seen by agents only. */
export function decideConsult(b: OutcomeBuilder, h: HandOver): void {
  nextPhase(b.chat.phase, 'invite');
  const userId = h.target.kind === 'agent' ? agentOf(h) : pickFromQueue(b, h, h.target.queueName);
  if (openCopy(b, userId)) throw new DomainError('InvalidState', 'That agent is already in this chat');
  inviteAgent(b, userId, 'Consult', b.now + h.inviteTimeoutMs);
  b.reserve(userId, h.capacity);
  b.emit({ type: 'ParticipantsChanged', visibilities: ['Agents'] });
}

function pickFromQueue(b: OutcomeBuilder, h: HandOver, queueName: string): string {
  const inChat = new Set(b.parties.filter((p) => !isFinal(p.state)).map((p) => p.userId));
  const declined = new Set(b.parties.filter((p) => p.role === 'agent').map((p) => p.userId ?? ''));
  const picked = selectAgent(
    h.candidates.filter((c) => !inChat.has(c.userId)),
    declined,
  );
  if (!picked)
    throw new DomainError('InUse', `No agent is Ready with a free chat slot for queue ${queueName}`);
  return picked;
}

/**
 * spec §2 RemoveParticipantFromConference: a Notice `REMOVE_PARTICIPANT_FROM_CONFERENCE<userId>`
 * seen by agents, then the removed agent's copy ends (an invitation is withdrawn) and lists update.
 */
export function decideRemove(b: OutcomeBuilder, caller: Party, h: HandOver): void {
  const userId = agentOf(h);
  if (userId === caller.userId) throw new DomainError('InvalidState', 'Use Leave to leave the conference');
  const party = openCopy(b, userId);
  if (!party || party.role !== 'agent')
    throw new DomainError('NotFound', 'That agent is not in this conference');
  const notice = b.addMessage(caller, 'Notice', 'Agents', {
    text: `REMOVE_PARTICIPANT_FROM_CONFERENCE${userId}`,
  });
  b.emit({ type: 'MessagesAdded', messages: [notice] });
  if (party.state === 'Invited') {
    move(b, party, 'withdraw');
    b.emit({ type: 'ParticipantsChanged', visibilities: ['Agents'] });
  } else {
    announceLeft(b, move(b, party, 'remove'));
  }
}
