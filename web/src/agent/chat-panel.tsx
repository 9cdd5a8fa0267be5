/**
 * One chat on the desk, a region named after the customer: who is in it, the transcript (lines
 * only agents see styled apart), the composer to the customer or to agents only, a link, the
 * user data and disposition, hand-over, Leave and Complete — each only when the copy's
 * capabilities hold it (spec §3.3). An ended copy keeps its transcript and says how it ended
 * until the agent closes it.
 */
import type { ChatCopy } from '../lib/chat-copy.js';
import { can, isEnded } from '../lib/chat-copy.js';
import type { Body, Gws } from '../lib/gws.js';
import { useAudiences } from '../ui/audiences.js';
import { CloseButton } from '../ui/close-button.js';
import { Composer } from '../ui/composer.js';
import { Transcript } from '../ui/transcript.js';
import { useRun } from '../ui/use-run.js';
import { customerLeft } from './chat-facts.js';
import { DispositionForm, SendUrlForm, UserData } from './chat-tools.js';
import type { DeskModel } from './desk-model.js';
import { HandOver } from './hand-over.js';
import { Participants } from './participants.js';

const STATE: Record<string, string> = {
  Chatting: 'Chatting',
  LeftChat: 'Wrap-up',
  JoinFailed: 'Join failed',
  Completed: 'Ended',
  Revoked: 'Ended',
};

/** The customer (and everyone) first, then agents only. */
const AUDIENCES = [
  ['SendMessage', 'Customer'],
  ['SendToAgents', 'Agents only'],
] as const;

function endingOf(model: DeskModel, copy: ChatCopy, nickname: string): string | undefined {
  const mine = model.endings.get(copy.id);
  if (isEnded(copy)) {
    if (mine) return mine;
    return copy.state === 'Revoked' ? 'This chat was taken from you (revoked).' : 'This chat has ended.';
  }
  if (customerLeft(copy))
    return `${mine ?? `${nickname} left the chat.`} Set a disposition if needed, then Complete.`;
  return undefined;
}

export function ChatPanel(props: { model: DeskModel; gws: Gws; copy: ChatCopy; nickname: string }) {
  const { model, copy, nickname } = props;
  const { run, error, status, setStatus } = useRun();
  const ended = isEnded(copy);
  const headingId = `chat-${copy.id}`;
  const post = (body: Body, ending?: string) => model.operate(copy.id, body, ending);

  const subject = copy.userData.Subject;
  const ending = endingOf(model, copy, nickname);
  const said = useAudiences(copy, (body) => post(body), AUDIENCES);

  return (
    <section class={`chat-panel${ended ? ' ended' : ''}`} aria-labelledby={headingId}>
      <header class="chat-head">
        <h2 id={headingId}>{nickname}</h2>
        <span class={`chat-state state-${copy.state}`}>{STATE[copy.state] ?? copy.state}</span>
      </header>
      <p class="subject">{typeof subject === 'string' ? `Subject: ${subject}` : 'No subject'}</p>
      <Participants copy={copy} userId={model.user.id} nickname={nickname} />
      <p class={ending ? 'ending' : 'ending empty'} role="status">
        {ending}
      </p>
      <Transcript copy={copy} label={`Transcript with ${nickname}`} />
      {!ended && said.length > 0 && <Composer label={`Message to ${nickname}`} audiences={said} />}
      {!ended && (
        <SendUrlForm
          copy={copy}
          nickname={nickname}
          run={run}
          send={(url) => post({ operationName: 'SendUrl', url })}
        />
      )}
      <UserData copy={copy} nickname={nickname} />
      <DispositionForm
        copy={copy}
        run={run}
        set={(disposition) => post({ operationName: 'SetDisposition', disposition })}
      />
      <HandOver
        copy={copy}
        gws={props.gws}
        selfId={model.user.id}
        run={run}
        act={async (operation, target) => {
          const ending =
            operation === 'Transfer' ? `You transferred this chat to ${target.label}.` : undefined;
          await post(target.body, ending);
          if (operation !== 'Transfer') setStatus(`${operation}: ${target.label} has been asked to join.`);
        }}
      />
      <div class="chat-actions">
        {can(copy, 'Leave') && (
          <button
            type="button"
            class="secondary"
            onClick={() => void run('Leave', () => post({ operationName: 'Leave' }, 'You left the chat.'))}
          >
            Leave
          </button>
        )}
        {can(copy, 'Complete') && (
          <button
            type="button"
            onClick={() =>
              void run('Complete', () => post({ operationName: 'Complete' }, 'You completed this chat.'))
            }
          >
            Complete
          </button>
        )}
        <CloseButton model={model} copy={copy} />
      </div>
      <p class="panel-status" role="status">
        {status}
      </p>
      <p role="alert" class="error panel-error">
        {error}
      </p>
    </section>
  );
}
