/**
 * The chat lifecycle as two pure tables (STYLE.md §4, spec §3.2). Nothing else decides a state.
 *
 * A party's copy of the chat (agent, supervisor; the customer's copy only goes Chatting → Completed):
 *
 *            offer / Intrude
 *                  │
 *               Invited ──reject──────────────────────────────▶ Completed
 *                  │ ╲──withdraw (timeout, chat gone) / revoke──▶ Revoked
 *                  │ accept
 *                  ▼
 *      ┌─────── Chatting ──complete / leave (others stay) ────▶ Completed
 *      │           │ leaveLast (last agent: chat ends)              ▲
 *      │           ▼                                                │ complete
 *      │        LeftChat ───────────────────────────────────────────┘
 *      └─revoke (supervisor: chat completed or queued) ────────────▶ Revoked
 *        JoinFailed ──complete──▶ Completed
 *
 * The interaction as a whole:
 *
 *   Queued ──offer──▶ Offered ──accept──▶ Active ──end──▶ Ended
 *     ▲ ◀──decline (reject / timeout)──┘     │
 *     └──────────────requeue─────────────────┘     (Queued / Offered ──end──▶ Ended: customer left)
 */
import { DomainError } from '../errors.js';
import type { ChatPhase, PartyState } from './model.js';

export type PartyEvent =
  'accept' | 'reject' | 'withdraw' | 'revoke' | 'leave' | 'leaveLast' | 'complete' | 'joinFail';
export type PhaseEvent = 'offer' | 'decline' | 'accept' | 'requeue' | 'end';

const PARTY: Record<PartyState, Partial<Record<PartyEvent, PartyState>>> = {
  Invited: {
    accept: 'Chatting',
    reject: 'Completed',
    withdraw: 'Revoked',
    revoke: 'Revoked',
    joinFail: 'JoinFailed',
  },
  Chatting: { leave: 'Completed', leaveLast: 'LeftChat', complete: 'Completed', revoke: 'Revoked' },
  LeftChat: { complete: 'Completed' },
  JoinFailed: { complete: 'Completed' },
  Completed: {},
  Revoked: {},
};

const PHASE: Record<ChatPhase, Partial<Record<PhaseEvent, ChatPhase>>> = {
  Queued: { offer: 'Offered', end: 'Ended' },
  Offered: { accept: 'Active', decline: 'Queued', end: 'Ended' },
  Active: { requeue: 'Queued', end: 'Ended' },
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
