/**
 * The routing pick (STYLE.md §7), pure: among Ready agents under capacity, the one with the
 * fewest chats, and among those the longest idle — where an offer or an accept counts as
 * activity (store: agentLoad.reserve / touch), so the same agent does not keep winning until it
 * is full. Agents who already declined this chat (rejected, let the offer time out, or are in
 * it) come last. Routing passes, Transfer and Consult to a queue all pick with it.
 */
import type { AgentLoad } from '../store/store.js';

function before(a: AgentLoad, b: AgentLoad): boolean {
  if (a.active !== b.active) return a.active < b.active;
  if (a.idleSince !== b.idleSince) return a.idleSince < b.idleSince;
  return a.userId < b.userId;
}

export function selectAgent(
  candidates: readonly AgentLoad[],
  declinedBy: ReadonlySet<string>,
): string | undefined {
  let best: AgentLoad | undefined;
  let bestDeclined = true;
  for (const candidate of candidates) {
    const declined = declinedBy.has(candidate.userId);
    const better =
      best === undefined ||
      (bestDeclined && !declined) ||
      (bestDeclined === declined && before(candidate, best));
    if (better) {
      best = candidate;
      bestDeclined = declined;
    }
  }
  return best?.userId;
}
