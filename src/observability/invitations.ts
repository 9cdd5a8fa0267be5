/**
 * Invitation outcomes read off a committed outcome (pure): a party that became Invited was
 * offered the chat; an Invited party that became Chatting accepted, one that became Completed
 * rejected (chats/lifecycle.ts). Timeouts are counted where the sweep withdraws an expired
 * invitation (routing/router.ts), since a withdrawal alone does not say why it happened.
 */
import type { Party, PartyVia } from '../chats/model.js';

export type InvitationEvent = 'offered' | 'accepted' | 'rejected';

export interface InvitationChange {
  readonly event: InvitationEvent;
  readonly via: PartyVia;
}

export function invitationChanges(before: readonly Party[], changed: readonly Party[]): InvitationChange[] {
  const changes: InvitationChange[] = [];
  for (const party of changed) {
    const was = before.find((p) => p.participantId === party.participantId)?.state;
    if (party.state === 'Invited' && was !== 'Invited') changes.push({ event: 'offered', via: party.via });
    else if (was === 'Invited' && party.state === 'Chatting')
      changes.push({ event: 'accepted', via: party.via });
    else if (was === 'Invited' && party.state === 'Completed')
      changes.push({ event: 'rejected', via: party.via });
  }
  return changes;
}
