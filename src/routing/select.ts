/**
 * The routing pick (STYLE.md §7), pure: the longest-idle Ready agent under capacity, preferring
 * agents who have not already declined (rejected or let time out) this chat.
 */
import type { AgentLoad } from '../store/store.js';

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
      (bestDeclined === declined &&
        (candidate.idleSince < best.idleSince ||
          (candidate.idleSince === best.idleSince && candidate.userId < best.userId)));
    if (better) {
      best = candidate;
      bestDeclined = declined;
    }
  }
  return best?.userId;
}
