/**
 * The conversation as the customer sees it (spec §6.1 messages): the customer's own lines and the
 * agents' lines apart, joins and leaves as quiet event lines, a pushed page as a link only when it
 * is http(s), and who is typing. Everything is text: nothing from the server becomes markup. The
 * log has a fixed height and scrolls; the typing line keeps its height when empty.
 */
import { useRef } from 'preact/hooks';
import type { ChatCopy, ChatMessage } from '../lib/chat-copy.js';
import { useFollow } from '../ui/follow.js';

const isOwn = (message: ChatMessage) => message.from.type === 'Customer';

/** The href of a pushed page: http(s) only, anything else stays plain text. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** An event line's text, or undefined when the entry is not an event line. */
function eventText(message: ChatMessage): string | undefined {
  const who = isOwn(message) ? 'You' : message.from.nickname;
  switch (message.type) {
    case 'ParticipantJoined':
      return `${who} joined`;
    case 'ParticipantLeft':
      return `${who} left`;
    case 'ParticipantRejoined':
      return `${who} rejoined`;
    case 'Notice':
    case 'CustomNotice':
      return message.noticeText ?? message.text ?? '';
    default:
      return undefined;
  }
}

function time(message: ChatMessage): string {
  const at = new Date(message.timestampSeconds); // milliseconds, despite the name (spec §3.1)
  return Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function Line(props: { message: ChatMessage }) {
  const { message } = props;
  const event = eventText(message);
  if (event !== undefined) return <li class="event">{event}</li>;
  const own = isOwn(message);
  const href = message.type === 'PushUrl' ? safeHref(message.url) : undefined;
  const body = message.type === 'PushUrl' ? (message.url ?? '') : (message.text ?? '');
  return (
    <li class={own ? 'own' : 'theirs'}>
      <span class="who">{own ? 'You' : message.from.nickname}</span>
      <span class="visually-hidden">: </span>
      <span class="body">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer nofollow">
            {body}
          </a>
        ) : (
          body
        )}
      </span>
      <span class="time">{time(message)}</span>
    </li>
  );
}

/** Lines worth a place in the transcript: events, and entries that carry text or a page. */
const shown = (m: ChatMessage) =>
  eventText(m) !== undefined ||
  (m.type === 'PushUrl' ? !!m.url : typeof m.text === 'string' && m.text !== '');

export function Conversation(props: { copy: ChatCopy }) {
  const log = useRef<HTMLDivElement>(null);
  const lines = props.copy.messages.filter(shown);
  useFollow(log, lines.length);
  const typing = Object.values(props.copy.typing)
    .map((t) => `${t.nickname} is typing…`)
    .join(' ');
  return (
    <>
      <div class="log" role="log" aria-label="Conversation" tabIndex={0} ref={log}>
        <ol>
          {lines.map((m) => (
            <Line key={m.index} message={m} />
          ))}
        </ol>
      </div>
      <p class="typing" aria-live="polite">
        {typing}
      </p>
    </>
  );
}
