/**
 * A chat's transcript as an agent or a supervisor sees it (the desk and the console share it):
 * each line says who wrote it and to whom — customer-visible lines plain, lines only agents see
 * (a coach's whisper, a consultant, agents-only notices) marked "to agents", lines only
 * supervisors see marked "supervisors only" — and who is typing now, and to whom. The list has
 * a fixed height and scrolls, so streaming lines never move the rest of the screen.
 *
 * A party seen differently from now on (a supervisor's switch, a consultant brought into the
 * conference: spec §4.4) leaves at its old visibility and joins at its new one. Whoever sees both
 * halves reads one line, "sam is now seen by everyone", not a "sam left" that looks like leaving.
 */
import { useRef } from 'preact/hooks';
import type { ChatCopy, ChatMessage, Visibility } from '../lib/chat-copy.js';
import { useFollow } from './follow.js';
import './transcript.css';

const AUDIENCE: Record<Visibility, string | undefined> = {
  All: undefined,
  Agents: 'to agents only',
  Supervisors: 'supervisors only',
};

function text(message: ChatMessage): string {
  switch (message.type) {
    case 'ParticipantJoined':
      return `${message.from.nickname} joined`;
    case 'ParticipantLeft':
      return `${message.from.nickname} left`;
    case 'ParticipantRejoined':
      return `${message.from.nickname} rejoined`;
    case 'PushUrl':
      return message.url ?? '';
    case 'CustomNotice':
    case 'Notice':
      return message.noticeText ?? message.text ?? message.type;
    default:
      return message.text ?? message.type;
  }
}

/** To whom a party is visible, by the visibility it now has. */
const SEEN_BY: Record<Visibility, string> = {
  All: 'everyone',
  Agents: 'agents',
  Supervisors: 'supervisors only',
};

/** A line of the list: a message, or a switch (its ParticipantLeft and ParticipantJoined). */
type Item = { readonly message: ChatMessage; readonly switched: boolean };

function items(messages: readonly ChatMessage[]): Item[] {
  const out: Item[] = [];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as ChatMessage;
    const next = messages[i + 1];
    const pair =
      m.type === 'ParticipantLeft' &&
      next?.type === 'ParticipantJoined' &&
      next.index === m.index + 1 &&
      next.from.participantId === m.from.participantId;
    out.push({ message: pair ? next : m, switched: pair });
    if (pair) i++;
  }
  return out;
}

function Line(props: { message: ChatMessage; switched: boolean }) {
  const { message } = props;
  const audience = AUDIENCE[message.visibility];
  const event = message.type !== 'Text' && message.type !== 'PushUrl';
  const time = new Date(message.timestampSeconds).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <li
      class={`line visibility-${message.visibility}${event ? ' event' : ''}`}
      data-index={message.index}
      data-visibility={message.visibility}
    >
      <span class="who">{message.from.nickname}</span>
      {audience && <span class="audience">{audience}</span>}
      <span class="time">{time}</span>
      <div class="body">
        {message.type === 'PushUrl' && message.url && /^https?:\/\//i.test(message.url) ? (
          <a href={message.url} target="_blank" rel="noopener noreferrer nofollow">
            {message.url}
          </a>
        ) : props.switched ? (
          `${message.from.nickname} is now seen by ${SEEN_BY[message.visibility]}`
        ) : (
          text(message)
        )}
      </div>
    </li>
  );
}

export function Transcript(props: { copy: ChatCopy; label: string }) {
  const list = useRef<HTMLOListElement>(null);
  useFollow(list, props.copy.messages.length);
  const typing = Object.entries(props.copy.typing);
  return (
    <div class="transcript">
      <ol class="lines" ref={list} aria-label={props.label} tabIndex={0}>
        {items(props.copy.messages).map((item) => (
          <Line key={item.message.index} message={item.message} switched={item.switched} />
        ))}
      </ol>
      <p class="typing" aria-live="polite">
        {typing
          .map(
            ([, t]) =>
              `${t.nickname} is typing${AUDIENCE[t.visibility] ? ` (${AUDIENCE[t.visibility]})` : ''}…`,
          )
          .join(' ')}
      </p>
    </div>
  );
}
