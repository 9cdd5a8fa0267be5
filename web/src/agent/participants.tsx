/**
 * Who is in the chat, as this agent may see them (spec §4.2), each marked when the customer
 * cannot see them, and the panel's notes about supervisors (coaching, barged in) and consultants.
 */
import type { ChatCopy } from '../lib/chat-copy.js';
import type { DeskParticipant } from './chat-facts.js';
import { hiddenFromCustomer, roleOf, supervisionMarkers } from './chat-facts.js';

export function Participants(props: { copy: ChatCopy; userId: string; nickname: string }) {
  const people = props.copy.participants as readonly DeskParticipant[];
  const markers = supervisionMarkers(props.copy, props.userId);
  return (
    <div class="people">
      <ul class="participants" aria-label={`Participants in the chat with ${props.nickname}`}>
        {people.map((p) => (
          <li key={p.participantId} class={hiddenFromCustomer(p) ? 'hidden-party' : ''}>
            <span class="who">{p.nickname}</span> <span class="role">({roleOf(p, props.userId)})</span>
            {hiddenFromCustomer(p) && <span class="hidden-marker"> — hidden from the customer</span>}
          </li>
        ))}
        {people.length === 0 && <li class="muted">No one has joined yet</li>}
      </ul>
      {markers.length > 0 && (
        <ul class="markers" aria-label="Supervision and consultation">
          {markers.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
