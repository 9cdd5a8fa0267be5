/**
 * The message box under a transcript (agent desk, supervisor console, widget): a labelled text
 * area, a choice of audience when there is more than one (the customer too, or agents only), Enter
 * or the Send button to send, and typing notifications — started at the first keystroke, stopped
 * on send or after a pause — sent to that same audience.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/gws.js';

export interface Audience {
  /** What the user reads: "Everyone", "Agents only". */
  readonly label: string;
  send(text: string): Promise<unknown>;
  typing?(started: boolean): Promise<unknown>;
}

const PAUSE_MS = 3000;

export function Composer(props: { label: string; audiences: readonly Audience[]; disabled?: boolean }) {
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState(0);
  const [error, setError] = useState('');
  const typingTo = useRef<Audience | undefined>(undefined);
  const pause = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const audience = props.audiences[Math.min(chosen, props.audiences.length - 1)];
  const id = useRef(`composer-${Math.random().toString(36).slice(2)}`).current;

  const stopTyping = () => {
    clearTimeout(pause.current);
    const to = typingTo.current;
    typingTo.current = undefined;
    to?.typing?.(false).catch(() => undefined);
  };
  useEffect(() => stopTyping, []);
  useEffect(() => {
    if (typingTo.current && typingTo.current !== audience) stopTyping();
  }, [audience]);

  const onInput = (value: string) => {
    setText(value);
    if (!audience?.typing) return;
    if (value === '') return stopTyping();
    if (typingTo.current !== audience) {
      typingTo.current = audience;
      audience.typing(true).catch(() => undefined);
    }
    clearTimeout(pause.current);
    pause.current = setTimeout(stopTyping, PAUSE_MS);
  };

  const send = async (event?: Event) => {
    event?.preventDefault();
    const message = text.trim();
    if (!message || !audience) return;
    setError('');
    try {
      await audience.send(message);
      setText('');
      stopTyping();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <form class="composer" onSubmit={send}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={2}
        value={text}
        disabled={props.disabled}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) void send(e);
        }}
      />
      <div class="composer-actions">
        {props.audiences.length > 1 && (
          <select
            aria-label={`${props.label}: send to`}
            value={String(chosen)}
            disabled={props.disabled}
            onChange={(e) => setChosen(Number(e.currentTarget.value))}
          >
            {props.audiences.map((a, i) => (
              <option key={a.label} value={String(i)}>
                {a.label}
              </option>
            ))}
          </select>
        )}
        <button type="submit" disabled={props.disabled || !text.trim()}>
          Send
        </button>
      </div>
      <p role="alert" class="error">
        {error}
      </p>
    </form>
  );
}
