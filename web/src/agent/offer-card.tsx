/**
 * A chat offered to the agent (state `Invited`, spec §3.2): who asks and about what, how long it
 * has been offered (from `receivedDate`, ticking; the offer passes to another agent after the
 * contact center's invite timeout), and Accept / Reject when the capabilities hold them.
 */
import { useState } from 'preact/hooks';
import type { ChatCopy } from '../lib/chat-copy.js';
import { can } from '../lib/chat-copy.js';
import { describeError } from '../lib/gws.js';
import type { DeskModel } from './desk-model.js';
import { formatDuration } from '../lib/duration.js';
import { useNow } from './time.js';

export function OfferCard(props: { model: DeskModel; copy: ChatCopy; nickname: string }) {
  const { model, copy, nickname } = props;
  const facts = model.facts.get(copy.id);
  const now = useNow(1000);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const subject = copy.userData.Subject;
  const headingId = `offer-${copy.id}`;
  const timeout = model.inviteTimeoutSeconds;

  const answer = async (operationName: 'Accept' | 'Reject') => {
    setError('');
    setBusy(true);
    try {
      const body =
        operationName === 'Accept' ? { operationName, nickname: acceptNickname(model) } : { operationName };
      const ending = operationName === 'Reject' ? `You rejected the chat from ${nickname}.` : undefined;
      await model.operate(copy.id, body, ending);
    } catch (failure) {
      setError(`${operationName} failed: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="offer-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span class="visually-hidden">Incoming chat from </span>
        {nickname}
      </h2>
      <dl class="offer-facts">
        <dt>Subject</dt>
        <dd>{typeof subject === 'string' || typeof subject === 'number' ? String(subject) : '—'}</dd>
        {facts?.queue && (
          <>
            <dt>Queue</dt>
            <dd>{facts.queue}</dd>
          </>
        )}
        <dt>Offered for</dt>
        <dd>
          <span role="timer" class="offer-timer">
            {facts?.receivedAt === undefined ? '—' : formatDuration(now - facts.receivedAt)}
          </span>
          {timeout !== undefined && <span class="muted"> of {formatDuration(timeout * 1000)}</span>}
        </dd>
      </dl>
      <div class="offer-actions">
        {can(copy, 'Accept') && (
          <button
            type="button"
            aria-label={`Accept chat from ${nickname}`}
            disabled={busy}
            onClick={() => void answer('Accept')}
          >
            Accept
          </button>
        )}
        {can(copy, 'Reject') && (
          <button
            type="button"
            class="secondary"
            aria-label={`Reject chat from ${nickname}`}
            disabled={busy}
            onClick={() => void answer('Reject')}
          >
            Reject
          </button>
        )}
      </div>
      <p role="alert" class="error">
        {error}
      </p>
    </section>
  );
}

/** The name the customer sees (spec §2 Accept `nickname`): the agent's first name, else its user name. */
export function acceptNickname(model: DeskModel): string {
  return model.user.firstName || model.user.userName;
}
