/**
 * One chat the supervisor is invited to or in, a region named after the customer and the agent:
 * Accept / Reject while Invited; then the whole transcript (whispers and supervisor-only lines
 * styled apart, both sides' typing), the current mode shown prominently, the switches the
 * capabilities offer (spec §3.4, §4.4), the composer to agents only (Coach) or to everyone too
 * (BargeIn), and Leave. An ended copy says why it ended until it is closed (spec §4.5).
 */
import type { ChatCopy } from '../lib/chat-copy.js';
import { can, isEnded } from '../lib/chat-copy.js';
import type { Body } from '../lib/gws.js';
import { useAudiences } from '../ui/audiences.js';
import { CloseButton } from '../ui/close-button.js';
import { Composer } from '../ui/composer.js';
import { Transcript } from '../ui/transcript.js';
import { useRun } from '../ui/use-run.js';
import type { ConsoleModel } from './console-model.js';
import { customerOf, MODE_LABEL, MODE_MEANING, modeOf, switchesOf } from './modes.js';

/** Agents only first (the safe default), then everyone. */
const AUDIENCES = [
  ['SendToAgents', 'Agents only'],
  ['SendMessage', 'Everyone'],
] as const;

const ENDED: Record<string, string> = {
  Revoked:
    'Your supervision ended: the chat was completed, put back in a queue or transferred away from the agent.',
  Completed: 'This chat has ended for you.',
  JoinFailed: 'You could not join: the customer had already left.',
};

export function SupervisedChat(props: { model: ConsoleModel; copy: ChatCopy }) {
  const { model, copy } = props;
  const { run, error } = useRun();
  const ended = isEnded(copy);
  const customer = customerOf(copy) ?? 'Customer';
  const agent = model.agentOf(copy.id);
  const title = agent ? `${customer} with ${agent}` : customer;
  const headingId = `supervised-${copy.id}`;
  const mode = modeOf(copy, model.user.id);
  const post = (body: Body, ending?: string) => model.operate(copy.id, body, ending);
  const ending =
    ended || copy.state === 'JoinFailed' ? (model.endings.get(copy.id) ?? ENDED[copy.state]) : '';
  const said = useAudiences(copy, (body) => post(body), AUDIENCES);
  const chatting = copy.state === 'Chatting';

  return (
    <section class={`supervised-chat${ended ? ' ended' : ''}`} aria-labelledby={headingId}>
      <header class="chat-head">
        <h3 id={headingId}>{title}</h3>
        <span class="chat-id">{copy.id}</span>
      </header>
      <p class={`mode-banner mode-${ending ? 'ended' : (mode ?? 'unknown')}`} role="status">
        {ending ? (
          <>
            <strong>Ended</strong> <span>{ending}</span>
          </>
        ) : copy.state === 'Invited' ? (
          <>
            <strong>Invited</strong> to join in {mode ? MODE_LABEL[mode] : 'the mode asked'}.
          </>
        ) : mode ? (
          <>
            <strong>Mode: {MODE_LABEL[mode]}</strong> <span>{MODE_MEANING[mode]}</span>
          </>
        ) : (
          <strong>{copy.state}</strong>
        )}
      </p>
      {copy.state === 'Invited' && (
        <div class="chat-actions">
          {can(copy, 'Accept') && (
            <button type="button" onClick={() => void run('Accept', () => post({ operationName: 'Accept' }))}>
              Accept
            </button>
          )}
          {can(copy, 'Reject') && (
            <button
              type="button"
              class="secondary"
              onClick={() =>
                void run('Reject', () => post({ operationName: 'Reject' }, 'You declined the invitation.'))
              }
            >
              Reject
            </button>
          )}
        </div>
      )}
      <Transcript copy={copy} label={`Transcript of ${title}`} />
      {chatting && switchesOf(copy).length > 0 && (
        <div class="switches" role="group" aria-label="Change mode">
          {switchesOf(copy).map((s) => (
            <button
              key={s.operationName}
              type="button"
              class="secondary"
              onClick={() =>
                void run(`Switch to ${MODE_LABEL[s.mode]}`, () => post({ operationName: s.operationName }))
              }
            >
              Switch to {MODE_LABEL[s.mode]}
            </button>
          ))}
        </div>
      )}
      <div class={chatting ? 'composer-slot' : ''}>
        {chatting && said.length > 0 ? (
          <Composer label={`Message in ${title}`} audiences={said} />
        ) : chatting ? (
          <p class="muted">You are silent in this mode. Switch to Coach or Barge in to write.</p>
        ) : null}
      </div>
      <div class="chat-actions">
        {can(copy, 'Leave') && (
          <button
            type="button"
            class="danger"
            onClick={() => void run('Leave', () => post({ operationName: 'Leave' }, 'You left this chat.'))}
          >
            Leave
          </button>
        )}
        {can(copy, 'Complete') && copy.state === 'JoinFailed' && (
          <button
            type="button"
            class="secondary"
            onClick={() => void run('Dismiss', () => post({ operationName: 'Complete' }))}
          >
            Dismiss
          </button>
        )}
        <CloseButton model={model} copy={copy} />
      </div>
      <p role="alert" class="error panel-error">
        {error}
      </p>
    </section>
  );
}
