/**
 * The customer's two timeouts (pure decisions, beside decisions.ts; the routing sweep runs them):
 *
 * - waiting: a chat waiting for an agent (customer state WaitingForAgent) for longer than the
 *   contact center's waitingTimeoutSeconds — since its request, or since an agent handed it back
 *   to a queue or on to another agent (`waitingSince`);
 * - idle: a customer that made no request at all (RequestChat, GetChat, GetMessages, SendMessage,
 *   typing) for customerIdleTimeoutSeconds, whether waiting or chatting. The customer API is
 *   polled: a widget asks GetChat / GetMessages every few seconds (spec §6.1) whether or not its
 *   person types, so silence on the wire means the widget is gone (tab closed, network lost), not
 *   that the person is reading.
 *
 * Either ends the chat for the customer exactly as its own Complete does (decisions.ts): the
 * customer's copy completes and whoever is present sees it leave (ParticipantLeft), the customer
 * sees Idle, pending offers are withdrawn and consultants leave; an agent in the chat keeps its
 * copy until it completes it, and supervisors stay with that agent (chat-end.ts endChat).
 *
 * The service records activity at most once per ACTIVITY_STEP_MS on each node (a write per poll
 * would cost more than the polls): the recorded time may trail the last request by up to that,
 * so a customer counts as idle only once timeout + ACTIVITY_STEP_MS have passed without a record —
 * never before its timeout, at most a step (plus a sweep) after it.
 */
import type { ContactCenterSettings } from '../accounts/records.js';
import { announceLeft, endChat, move } from '../chats/chat-end.js';
import type { ChatSnapshot, Message } from '../chats/model.js';
import type { Outcome, OutcomeBuilder } from '../chats/outcome.js';

export const ACTIVITY_STEP_MS = 10_000;

export type CustomerTimeout = 'Waiting' | 'Idle';

export type TimeoutSettings = Pick<
  ContactCenterSettings,
  'waitingTimeoutSeconds' | 'customerIdleTimeoutSeconds'
>;

export interface CustomerActivity {
  /** The customer's last recorded request. */
  readonly lastSeenAt: number;
  /** Since when the chat waits for an agent; undefined while it does not. */
  readonly waitingSince: number | undefined;
}

/** Last recorded activity at or before this is idle at `now`. */
export function idleCutoff(settings: TimeoutSettings, now: number): number {
  return now - settings.customerIdleTimeoutSeconds * 1000 - ACTIVITY_STEP_MS;
}

/** Waiting since at or before this has waited too long at `now`. */
export function waitingCutoff(settings: TimeoutSettings, now: number): number {
  return now - settings.waitingTimeoutSeconds * 1000;
}

/** Which timeout, if any, has run out at `now`. */
export function customerTimeout(
  activity: CustomerActivity,
  settings: TimeoutSettings,
  now: number,
): CustomerTimeout | undefined {
  if (activity.lastSeenAt <= idleCutoff(settings, now)) return 'Idle';
  if (activity.waitingSince !== undefined && activity.waitingSince <= waitingCutoff(settings, now))
    return 'Waiting';
  return undefined;
}

/**
 * A chat waits (Queued or Offered) since its request, or since the last transcript message of
 * anyone but its customer: whoever hands a chat back to a queue or on to another agent leaves
 * it at that moment (ParticipantLeft, chat-end.ts), and nobody else speaks while it waits.
 */
export function waitingSince({ chat, parties }: ChatSnapshot, messages: readonly Message[]) {
  if (chat.phase !== 'Queued' && chat.phase !== 'Offered') return undefined;
  const customers = new Set(parties.filter((p) => p.role === 'customer').map((p) => p.participantId));
  let since = chat.createdAt;
  for (const m of messages) if (!customers.has(m.from) && m.createdAt > since) since = m.createdAt;
  return since;
}

/**
 * Ends the chat for its customer when a timeout ran out at `now` (the sweep's clock), as the
 * customer's Complete does; changes nothing when the chat is over for the customer already or
 * it is not (or no longer) due. The result says which timeout it was.
 */
export function decideCustomerTimeout(
  b: OutcomeBuilder,
  activity: CustomerActivity,
  settings: TimeoutSettings,
  now: number,
): Outcome<CustomerTimeout | undefined> {
  const customer = b.parties.find((p) => p.role === 'customer');
  if (!customer || customer.state !== 'Chatting' || b.chat.phase === 'Ended') return b.build();
  const timeout = customerTimeout(activity, settings, now);
  if (!timeout) return b.build();
  announceLeft(b, move(b, customer, 'complete'));
  endChat(b, 'customer');
  return b.build({ result: timeout });
}
