/**
 * A started chat: where it stands (waiting, chatting with whom, ended, or a connection problem),
 * the conversation, the message box with typing notifications, and "End chat" — a Complete after
 * a confirmation step. Once ended (by the customer, the agent or the server), the transcript
 * stays readable and the customer may start a new chat.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeError } from '../lib/gws.js';
import { Composer } from '../ui/composer.js';
import { Conversation } from './conversation.js';
import type { ChatView, CustomerChat } from './customer-chat.js';

function statusText(view: ChatView): string {
  if (view.failures > 0) return 'Connection problem — trying again…';
  const agents = (view.copy?.participants ?? []).filter((p) => p.type !== 'Customer');
  switch (view.phase) {
    case 'resuming':
      return 'Reconnecting to your chat…';
    case 'waiting':
      return 'Waiting for an agent…';
    case 'chatting':
      return agents.length ? `Chatting with ${agents.map((a) => a.nickname).join(' and ')}` : 'Chatting';
    default:
      return 'Chat ended';
  }
}

function EndChat(props: { chat: CustomerChat }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const confirm = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) asked.current = true;
    if (asked.current) (confirming ? confirm.current : ask.current)?.focus();
  }, [confirming]);

  const end = async () => {
    setBusy(true);
    setError('');
    try {
      await props.chat.complete();
    } catch (failure) {
      setError(`The chat could not be ended: ${describeError(failure)}`);
      setBusy(false);
    }
  };
  // One row, the same height asked or not, with its alert line reserved: nothing moves.
  return (
    <div class="end">
      {confirming ? (
        <div
          class="confirm"
          role="group"
          aria-labelledby="parley-end-question"
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.stopPropagation(); // Escape cancels the question, not the panel
            setConfirming(false);
          }}
        >
          <p id="parley-end-question">End chat?</p>
          <button type="button" class="danger" ref={confirm} disabled={busy} onClick={() => void end()}>
            Yes, end chat
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
            Keep chatting
          </button>
        </div>
      ) : (
        <div class="confirm">
          <button type="button" class="secondary" ref={ask} onClick={() => setConfirming(true)}>
            End chat
          </button>
        </div>
      )}
      <p role="alert" class="error">
        {error}
      </p>
    </div>
  );
}

export function ChatBox(props: { chat: CustomerChat; view: ChatView }) {
  const { chat, view } = props;
  const ended = view.phase === 'ended';
  const audiences = useMemo(
    () => [
      {
        label: 'Agent',
        send: (text: string) => chat.send(text),
        typing: (started: boolean) => chat.typing(started),
      },
    ],
    [chat],
  );
  return (
    <div class="chat">
      <p role="status" class={view.failures > 0 ? 'status trouble' : `status ${view.phase}`}>
        {statusText(view)}
      </p>
      {view.copy && <Conversation copy={view.copy} />}
      {ended ? (
        <div class="ended-box">
          <p>This chat has ended. Thank you for chatting with us.</p>
          <button type="button" class="primary" data-autofocus onClick={() => chat.reset()}>
            Start a new chat
          </button>
        </div>
      ) : (
        <>
          <Composer label="Message" disabled={view.phase === 'resuming'} audiences={audiences} />
          <EndChat chat={chat} />
        </>
      )}
    </div>
  );
}
