/**
 * The chat lifecycle as two pure tables (STYLE.md §4, spec §3.2). Nothing else decides a state.
 *
 * A party's copy of the chat (agent, supervisor; the customer's copy only goes Chatting → Completed).
 * An invitation comes from routing, a Transfer, an Invite, a Consult or an Intrude, into a chat
 * that waits for an agent or one already in progress:
 *
 *            offer / Transfer / Invite / Consult / Intrude
 *                  │
 *               Invited ──reject──────────────────────────────▶ Completed
 *                  │ ╲──withdraw (timeout, chat gone, removed) / revoke──▶ Revoked
 *                  │ accept
 *                  ▼
 *      ┌─────── Chatting ──complete / leave (others stay) / transfer / remove ──▶ Completed
 *      │           │ leaveLast (last agent: chat ends)              ▲
 *      │           ▼                                                │ complete
 *      │        LeftChat ───────────────────────────────────────────┘
 *      └─revoke (supervisor: chat completed, queued or transferred) ─▶ Revoked
 *        JoinFailed ──complete──▶ Completed, ──revoke (supervisor)──▶ Revoked
 *
 * An agent copy holds one of the agent's capacity slots while Invited, Chatting, LeftChat or
 * JoinFailed; one outcome may take a slot (an invitation) and free another (the transferring
 * agent's copy ends) — persist.ts writes both in the command's transaction.
 *
 * The interaction as a whole:
 *
 *   Queued ──offer──▶ Offered ──accept──▶ Active ──end──▶ Ended
 *     ▲ ◀──decline (reject / timeout)──┘ ▲   │ ╰─invite (conference, consult): stays Active
 *     │                                  └───┤ transfer (to an agent, nobody visible stays)
 *     └──────────────requeue (Complete or Transfer to a queue)─┘
 *   (Queued / Offered ──end──▶ Ended: the customer left)
 */
import { DomainError } from '../errors.js';
import type { ChatPhase, PartyState } from './model.js';

export type PartyEvent =
  | 'accept'
  | 'reject'
  | 'withdraw'
  | 'revoke'
  | 'leave'
  | 'leaveLast'
  | 'complete'
  | 'joinFail'
  | 'transfer'
  | 'remove';
export type PhaseEvent = 'offer' | 'decline' | 'accept' | 'requeue' | 'transfer' | 'invite' | 'end';

const PARTY: Record<PartyState, Partial<Record<PartyEvent, PartyState>>> = {
  Invited: {
    accept: 'Chatting',
    reject: 'Completed',
    withdraw: 'Revoked',
    revoke: 'Revoked',
    joinFail: 'JoinFailed',
  },
  Chatting: {
    leave: 'Completed',
    leaveLast: 'LeftChat',
    complete: 'Completed',
    revoke: 'Revoked',
    transfer: 'Completed',
    remove: 'Completed',
  },
  LeftChat: { complete: 'Completed' },
  // A supervisor whose join failed (the customer had left) loses the copy with the others.
  JoinFailed: { complete: 'Completed', revoke: 'Revoked' },
  Completed: {},
  Revoked: {},
};

const PHASE: Record<ChatPhase, Partial<Record<PhaseEvent, ChatPhase>>> = {
  Queued: { offer: 'Offered', end: 'Ended' },
  Offered: { accept: 'Active', decline: 'Queued', end: 'Ended' },
  Active: { requeue: 'Queued', transfer: 'Offered', invite: 'Active', end: 'Ended' },
  Ended: {},
};

/** The next state of a party's copy, or statusCode 2 when the event is not valid now. */
export function nextPartyState(state: PartyState, event: PartyEvent): PartyState {
  const next = PARTY[state][event];
  if (!next) throw new DomainError('InvalidState', `Cannot ${event} a chat in state ${state}`);
  return next;
}

export function nextPhase(phase: ChatPhase, event: PhaseEvent): ChatPhase {
  const next = PHASE[phase][event];
  if (!next) throw new DomainError('InvalidState', `Cannot ${event} a chat that is ${phase}`);
  return next;
}

export function canPartyTransition(state: PartyState, event: PartyEvent): boolean {
  return PARTY[state][event] !== undefined;
}

/** Final copies: a client treats them as ended (spec §3.2). */
export function isFinal(state: PartyState): boolean {
  return state === 'Completed' || state === 'Revoked';
}

const HOLDING: ReadonlySet<PartyState> = new Set(['Invited', 'Chatting', 'LeftChat', 'JoinFailed']);

/** Whether an agent copy in this state holds one of the agent's capacity slots. */
export function holdsCapacity(state: PartyState): boolean {
  return HOLDING.has(state);
}
