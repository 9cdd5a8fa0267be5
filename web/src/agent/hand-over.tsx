/**
 * Transfer, Invite and Consult (README "Collaboration"), each a small form opened from its
 * button when the copy's capabilities hold it. The target is an agent of the contact center
 * (`GET /parley/v1/agents`, Parley extension; its `uri` is the operation's `targetUri`) or, for
 * Transfer and Consult, a queue by name (`queueName`). Without the agent list only queues are
 * offered. The list is fetched each time a form opens: agents' states change all day.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ChatCopy } from '../lib/chat-copy.js';
import { can } from '../lib/chat-copy.js';
import type { Body, Gws } from '../lib/gws.js';
import type { Run } from '../ui/use-run.js';

export type HandOverOperation = 'Transfer' | 'Invite' | 'Consult';
const OPERATIONS: readonly HandOverOperation[] = ['Transfer', 'Invite', 'Consult'];
const TAKES_QUEUE: Record<HandOverOperation, boolean> = { Transfer: true, Invite: false, Consult: true };
const STATE: Record<string, string> = { Ready: 'Ready', NotReady: 'Not Ready', LoggedOut: 'Logged out' };

interface Agent {
  readonly id: string;
  readonly uri: string;
  readonly name: string;
  readonly state: string;
}

/** The other agents, or null when the server gives no list. */
async function listAgents(gws: Gws, selfId: string): Promise<Agent[] | null> {
  try {
    const answer = await gws.get('/parley/v1/agents');
    const agents = Array.isArray(answer.agents) ? (answer.agents as Body[]) : [];
    return agents
      .filter((a) => a.id !== selfId && typeof a.uri === 'string')
      .map((a) => ({
        id: String(a.id),
        uri: String(a.uri),
        name: [a.firstName, a.lastName].filter(Boolean).join(' ') || String(a.userName),
        state: String(a.state ?? ''),
      }));
  } catch {
    return null; // not served (yet): queues only
  }
}

export interface Target {
  readonly body: Body;
  readonly label: string;
}

function HandOverForm(props: {
  operation: HandOverOperation;
  chatId: string;
  gws: Gws;
  selfId: string;
  submit: (target: Target) => Promise<boolean>;
  cancel: () => void;
}) {
  const { operation } = props;
  const [agents, setAgents] = useState<Agent[] | null | undefined>(undefined);
  const [choice, setChoice] = useState('');
  const [queue, setQueue] = useState('default');
  const [busy, setBusy] = useState(false);
  const queues = TAKES_QUEUE[operation];
  const id = `${operation}-${props.chatId}`;

  useEffect(() => {
    let live = true;
    void listAgents(props.gws, props.selfId).then((list) => {
      if (!live) return;
      setAgents(list);
      const ready = list?.find((a) => a.state === 'Ready');
      setChoice(ready ? ready.uri : queues ? 'queue' : '');
    });
    return () => void (live = false);
  }, [operation]);

  const agent = agents?.find((a) => a.uri === choice);
  const target: Target | undefined = agent
    ? { body: { operationName: operation, targetUri: agent.uri }, label: agent.name }
    : choice === 'queue' && queue.trim()
      ? { body: { operationName: operation, queueName: queue.trim() }, label: `queue ${queue.trim()}` }
      : undefined;
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!target) return;
    setBusy(true);
    if (!(await props.submit(target))) setBusy(false);
  };

  return (
    <form class="hand-over-form" id={`${id}-form`} onSubmit={onSubmit}>
      <label for={`${id}-target`}>{operation} to</label>
      <select
        id={`${id}-target`}
        value={choice}
        disabled={agents === undefined}
        onChange={(e) => setChoice(e.currentTarget.value)}
      >
        {agents === undefined && <option value="">Loading agents…</option>}
        {agents?.map((a) => (
          <option key={a.id} value={a.uri} disabled={a.state !== 'Ready'}>
            {a.name} ({STATE[a.state] ?? a.state})
          </option>
        ))}
        {queues && <option value="queue">A queue…</option>}
        {agents === null && !queues && <option value="">The agent list is unavailable</option>}
        {agents && !queues && !agents.some((a) => a.state === 'Ready') && (
          <option value="">No agent is Ready</option>
        )}
      </select>
      {choice === 'queue' && (
        <>
          <label for={`${id}-queue`}>Queue name</label>
          <input id={`${id}-queue`} value={queue} required onInput={(e) => setQueue(e.currentTarget.value)} />
        </>
      )}
      <div class="form-actions">
        <button type="submit" disabled={busy || !target}>
          {operation}
        </button>
        <button type="button" class="secondary" onClick={props.cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The three hand-over buttons and the open form (one at a time). */
export function HandOver(props: {
  copy: ChatCopy;
  gws: Gws;
  selfId: string;
  run: Run;
  act: (operation: HandOverOperation, target: Target) => Promise<unknown>;
}) {
  const [open, setOpen] = useState<HandOverOperation | undefined>(undefined);
  const available = OPERATIONS.filter((op) => can(props.copy, op));
  if (available.length === 0) return null;
  const shown = open && available.includes(open) ? open : undefined;
  return (
    <div class="hand-over">
      <div class="hand-over-buttons">
        {available.map((op) => (
          <button
            key={op}
            type="button"
            class="secondary"
            aria-expanded={shown === op}
            aria-controls={shown === op ? `${op}-${props.copy.id}-form` : undefined}
            onClick={() => setOpen(shown === op ? undefined : op)}
          >
            {op}…
          </button>
        ))}
      </div>
      {shown && (
        <HandOverForm
          key={shown}
          operation={shown}
          chatId={props.copy.id}
          gws={props.gws}
          selfId={props.selfId}
          cancel={() => setOpen(undefined)}
          submit={async (target) => {
            const done = await props.run(shown, () => props.act(shown, target));
            if (done) setOpen(undefined);
            return done;
          }}
        />
      )}
    </div>
  );
}
