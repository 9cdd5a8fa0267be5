/**
 * After a round's checks, every chat of the round is closed through the API, as its parties
 * would: the customer leaves (a waiting chat ends, offers are withdrawn), then each open copy is
 * ended by its user — an agent Completes, a supervisor Leaves, an invitation is Rejected — one at
 * a time, reading the store again after each. Afterwards no agent holds a slot (checkCapacity).
 * A supervisor that Accepted its Intrude invitation after the customer left holds a JoinFailed
 * copy: it Completes it (the race found such copies stuck with no way out, races.test.ts).
 */
import type { Party } from '../../src/chats/model.js';
import { customer, me } from './race-lane.js';
import type { Round } from './race-round.js';

const FINAL = new Set<Party['state']>(['Completed', 'Revoked']);
const MAX_STEPS = 12;

export async function closeRound(round: Round): Promise<void> {
  for (const { chatId, token } of round.chats) await closeChat(round, chatId, token);
}

async function closeChat(round: Round, chatId: string, token: string): Promise<void> {
  const { lane } = round;
  for (let step = 0; step < MAX_STEPS; step++) {
    const stored = await round.stored(chatId);
    if (stored.chat.phase !== 'Ended') {
      await round.setup(customer(lane, token, 'Complete'));
      continue;
    }
    const open = stored.parties.filter((p) => p.role !== 'customer' && !FINAL.has(p.state));
    const next = open.find((p) => p.role === 'agent') ?? open[0];
    if (!next) return;
    const user = lane.user(next.userId);
    const operationName =
      next.state === 'Invited'
        ? 'Reject'
        : next.role === 'supervisor' && next.state !== 'JoinFailed'
          ? 'Leave'
          : 'Complete';
    await round.setup(me(user, chatId, { operationName }));
  }
  await round.expect(false, `chat ${chatId} still has open copies after ${MAX_STEPS} closing steps`);
}
