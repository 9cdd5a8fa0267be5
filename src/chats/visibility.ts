/**
 * Visibility, decided here and nowhere else (STYLE.md §5, spec §4.2/§4.3).
 *
 *   viewer \ item visibility   All   Agents   Supervisors
 *   customer                   yes   no       no
 *   agent                      yes   yes      no
 *   supervisor                 yes   yes      yes
 *
 * Transcripts, notifications and customer polling all filter through `canSee`; a supervisor's
 * participant entry and its join/leave notices carry the visibility of its current mode, a
 * consultant's `Agents` (spec §2 Consult: invisible to the customer; spec §9.2 g).
 */
import type { Message, Party, PartyRole, SupervisorMode, Visibility } from './model.js';

const SEES: Record<PartyRole, readonly Visibility[]> = {
  customer: ['All'],
  agent: ['All', 'Agents'],
  supervisor: ['All', 'Agents', 'Supervisors'],
};

export function canSee(viewer: PartyRole, visibility: Visibility): boolean {
  return SEES[viewer].includes(visibility);
}

/** spec §4.3: Monitor → Supervisors, Coach → Agents, BargeIn → All. */
export const MODE_VISIBILITY: Record<SupervisorMode, Visibility> = {
  Monitor: 'Supervisors',
  Coach: 'Agents',
  BargeIn: 'All',
};

/** What decides how a party is seen: its role, a supervisor's mode and mark, how it came in. */
type Seen = Pick<Party, 'role' | 'mode' | 'via' | 'shownToAgents'>;

/**
 * A party's own visibility: its participant entry and join/leave notices carry it. A Monitor
 * supervisor shown to agents (contact-center setting showMonitoringToAgents) is `Agents`: agents
 * learn they are monitored, the customer still does not.
 */
export function partyVisibility(party: Seen): Visibility {
  if (party.role === 'supervisor' && party.mode === 'Monitor' && party.shownToAgents) return 'Agents';
  if (party.role === 'supervisor' && party.mode) return MODE_VISIBILITY[party.mode];
  return party.via === 'Consult' ? 'Agents' : 'All';
}

/**
 * Whether two roles receive the same view of these messages (present.ts): every message is visible
 * to both or to neither, and every sender is shown to both at its own visibility or to neither
 * (a viewer who may not see a sender's visibility is shown the message's instead). One
 * notification may then serve both (fanout.ts).
 */
export function sameMessageView(
  a: PartyRole,
  b: PartyRole,
  messages: readonly Pick<Message, 'visibility' | 'from'>[],
  senderOf: (participantId: string) => Seen | undefined,
): boolean {
  return messages.every((m) => {
    if (canSee(a, m.visibility) !== canSee(b, m.visibility)) return false;
    const sender = senderOf(m.from);
    if (sender === undefined) return true;
    const shown = partyVisibility(sender);
    return canSee(a, shown) === canSee(b, shown);
  });
}

/** The messages of a transcript a viewer may receive. */
export function visibleMessages<M extends Pick<Message, 'visibility'>>(
  viewer: PartyRole,
  messages: readonly M[],
): M[] {
  return messages.filter((m) => canSee(viewer, m.visibility));
}

/** The participants a viewer may see: only those present, and only at a visibility it is allowed. */
export function visibleParticipants(viewer: PartyRole, parties: readonly Party[]): Party[] {
  return parties.filter((p) => p.state === 'Chatting' && canSee(viewer, partyVisibility(p)));
}
