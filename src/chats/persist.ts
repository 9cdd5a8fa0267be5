/**
 * Writes a decided outcome in the command's transaction (engine.ts): the chat conditional on its
 * version, the agent's capacity slot taken with one conditional write (STYLE.md §7), changed
 * parties (a slot freed when an agent's copy stops holding one, the agent's idle time restarted
 * when it accepts), new messages, the outbox entry
 * that announces it, then the outcome's further writes (audit records, a consumed subscription).
 */
import { DomainError } from '../errors.js';
import type { OutboxEntry, Repositories } from '../store/store.js';
import { VersionConflict } from './conflicts.js';
import { holdsCapacity } from './lifecycle.js';
import type { Chat, ChatSnapshot } from './model.js';
import type { Outcome } from './outcome.js';

export interface Persisted {
  readonly before: ChatSnapshot;
  readonly outcome: Outcome<unknown>;
  /** The chat as it is written (its version one above the snapshot's). */
  readonly chat: Chat;
  readonly outbox: OutboxEntry | undefined;
  readonly now: number;
}

/** Returns whether an agent slot was freed; throws VersionConflict when the chat moved on. */
export async function persistOutcome(
  tx: Repositories,
  { before, outcome, chat, outbox, now }: Persisted,
): Promise<boolean> {
  // Every write is issued at once and judged afterwards (PostgreSQL pipelines them into one round
  // trip; SQLite runs them in call order): a stale version or a missing slot throws, and the
  // transaction takes back whatever else was written.
  const updated = tx.chats.update(chat, before.chat);
  const reserved = outcome.reserve
    ? tx.agentLoad.reserve(outcome.reserve.userId, outcome.reserve.capacity, now)
    : true;
  const previous =
    outcome.parties.length > 0 ? new Map(before.parties.map((p) => [p.participantId, p])) : undefined;
  const written: Promise<unknown>[] = [];
  let freed = false;
  for (const party of outcome.parties) {
    written.push(tx.parties.put(party));
    const was = previous?.get(party.participantId);
    if (party.role !== 'agent' || !party.userId || !was) continue;
    if (holdsCapacity(was.state) && !holdsCapacity(party.state)) {
      written.push(tx.agentLoad.release(party.userId, now));
      freed = true;
    } else if (was.state === 'Invited' && party.state === 'Chatting') {
      written.push(tx.agentLoad.touch(party.userId, now)); // an accept is activity (routing)
    }
  }
  written.push(tx.messages.append(outcome.messages));
  if (outbox) written.push(tx.outbox.add(outbox));
  const [update, reserve, ...writes] = await Promise.allSettled([updated, reserved, ...written]);
  if (update.status === 'rejected') throw update.reason;
  if (!update.value) throw new VersionConflict();
  if (reserve.status === 'rejected') throw reserve.reason;
  if (!reserve.value)
    throw new DomainError('InUse', 'The agent is not Ready on chat or has no free chat slot');
  for (const write of writes) if (write.status === 'rejected') throw write.reason;
  for (const write of outcome.writes ?? []) await write(tx);
  return freed;
}
