/**
 * The form that starts a chat: the customer's name (the nickname, required) and an optional
 * question (RequestChat's `subject`, spec §6.1). A refusal is told in words with a way to try
 * again: the queue is full (statusCode 13), too many requests (statusCode 3, HTTP 429), or the
 * chat service cannot be reached (network, or a site Parley does not allow).
 */
import { useState } from 'preact/hooks';
import { describeError, GwsError } from '../lib/gws.js';

/** "in 30 seconds", "in 2 minutes", from a Retry-After; "in a few minutes" without one. */
function when(error: GwsError, otherwise: string): string {
  const seconds = error.retryAfterSeconds;
  if (seconds === undefined || seconds <= 0) return otherwise;
  if (seconds < 90) return `in ${Math.ceil(seconds)} seconds`;
  return `in ${Math.round(seconds / 60)} minutes`;
}

export function refusal(error: unknown): string {
  if (error instanceof GwsError) {
    if (error.statusCode === 13)
      return `All our agents are busy and the queue is full right now. Please try again ${when(error, 'in a few minutes')}.`;
    if (error.http === 429)
      return `There have been too many chat requests from here. Please try again ${when(error, 'in a moment')}.`;
    if (error.statusCode === -1)
      return 'We cannot connect to the chat service right now. Please check your connection and try again later.';
    if (error.http >= 500) return 'The chat service has a problem right now. Please try again later.';
  }
  return `The chat could not start: ${describeError(error)}`;
}

export function StartForm(props: { start: (nickname: string, subject: string) => Promise<void> }) {
  const [nickname, setNickname] = useState('');
  const [subject, setSubject] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event?: Event) => {
    event?.preventDefault();
    if (busy || !nickname.trim()) return;
    setBusy(true);
    setError('');
    try {
      await props.start(nickname.trim(), subject.trim());
    } catch (failure) {
      setError(refusal(failure));
      setBusy(false);
    }
  };

  return (
    <form class="start" onSubmit={submit}>
      <p class="intro">Ask us anything: an agent answers here, usually within minutes.</p>
      <label for="parley-nickname">Your name</label>
      <input
        id="parley-nickname"
        data-autofocus
        required
        maxLength={64}
        autocomplete="name"
        value={nickname}
        onInput={(e) => setNickname(e.currentTarget.value)}
      />
      <label for="parley-subject">
        Your question <span class="optional">(optional)</span>
      </label>
      <textarea
        id="parley-subject"
        rows={3}
        maxLength={256}
        value={subject}
        onInput={(e) => setSubject(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Starting…' : 'Start chat'}
      </button>
      <div role="alert" class="refusal">
        {error && (
          <>
            <p>{error}</p>
            <button type="button" class="secondary" disabled={busy} onClick={() => void submit()}>
              Try again
            </button>
          </>
        )}
      </div>
    </form>
  );
}
