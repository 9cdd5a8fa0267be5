/**
 * One agent on the team board: name, chat channel state, the chats it holds — each with its state,
 * queue, how long the customer has waited for an agent's reply (ticking) and Intrude with a mode
 * (spec §2.1) — and the monitoring of its next or every chat (spec §4.1).
 */
import { useState } from 'preact/hooks';
import { displayName } from '../lib/display-name.js';
import type { BoardAgent, BoardChat } from './board-model.js';
import { replyWait } from './board-model.js';
import type { ConsoleModel } from './console-model.js';
import { Elapsed } from './elapsed.js';
import type { Mode, Scope } from './modes.js';
import { MODE_LABEL, MODES, SCOPE_LABEL } from './modes.js';

export type Run = (what: string, action: () => Promise<unknown>, done: string) => Promise<void>;

const AGENT_STATE: Record<string, string> = {
  Ready: 'Ready',
  NotReady: 'Not Ready',
  LoggedOut: 'Logged out',
};
const CHAT_STATE: Record<string, string> = { Invited: 'Offered', Chatting: 'Chatting' };
const DOING: Record<Mode, string> = { Monitor: 'Monitoring', Coach: 'Coaching', BargeIn: 'Barging in on' };

function ModeSelect(props: { label: string; value: Mode; onChange: (mode: Mode) => void }) {
  return (
    <select
      aria-label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value as Mode)}
    >
      {MODES.map((m) => (
        <option key={m} value={m}>
          {MODE_LABEL[m]}
        </option>
      ))}
    </select>
  );
}

function ChatItem(props: { model: ConsoleModel; agent: BoardAgent; chat: BoardChat; run: Run }) {
  const { model, agent, chat } = props;
  const [mode, setMode] = useState<Mode>('Monitor');
  const wait = replyWait(chat);
  const mine = model.copies.get(chat.id);
  const joined = mine !== undefined && (mine.state === 'Invited' || mine.state === 'Chatting');
  const name = displayName(agent);
  return (
    <li class="board-chat">
      <span class="chat-line">
        <span class="chat-id">{chat.id}</span>
        <span class={`chat-state chat-${chat.state}`}>{CHAT_STATE[chat.state] ?? chat.state}</span>
        <span class="queue">{chat.queue}</span>
      </span>
      <span class="chat-line">
        <span class="wait">
          <span class="wait-label">{wait.replied ? 'Since last reply' : 'No reply yet'}</span>{' '}
          <Elapsed since={wait.since} skew={model.skew} />
        </span>
        {joined ? (
          <span class="joined">{mine.state === 'Invited' ? 'Invited' : 'You are in it'}</span>
        ) : chat.state === 'Chatting' ? (
          <span class="intrude">
            <ModeSelect label={`Mode to intrude on chat ${chat.id}`} value={mode} onChange={setMode} />
            <button
              type="button"
              class="secondary"
              aria-label={`Intrude on chat ${chat.id}`}
              onClick={() =>
                void props.run(
                  `Intrude on ${name}'s chat`,
                  () => model.intrude(agent.id, chat.id, mode),
                  `Asked to intrude on ${name}'s chat ${chat.id} in ${MODE_LABEL[mode]}.`,
                )
              }
            >
              Intrude
            </button>
          </span>
        ) : null}
      </span>
    </li>
  );
}

function MonitorControls(props: { model: ConsoleModel; agent: BoardAgent; run: Run }) {
  const { model, agent, run } = props;
  const [mode, setMode] = useState<Mode>('Monitor');
  const [scope, setScope] = useState<Scope>('NextChat');
  const name = displayName(agent);
  const current = model.monitoring.get(agent.id);
  return (
    <div class="monitor" role="group" aria-label={`Monitoring of ${name}`}>
      <ModeSelect label={`Mode to monitor ${name}`} value={mode} onChange={setMode} />
      <select
        aria-label={`Which chats of ${name}`}
        value={scope}
        onChange={(e) => setScope(e.currentTarget.value as Scope)}
      >
        {(['NextChat', 'AllChats'] as const).map((s) => (
          <option key={s} value={s}>
            {SCOPE_LABEL[s]}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="secondary"
        onClick={() =>
          void run(
            `${MODE_LABEL[mode]} ${name}`,
            () => model.monitor(agent.id, mode, scope),
            `${DOING[mode]} ${name}'s ${scope === 'NextChat' ? 'next chat' : 'chats'}.`,
          )
        }
      >
        Start monitoring
      </button>
      <button
        type="button"
        class="secondary"
        onClick={() =>
          void run(
            `Stop monitoring ${name}`,
            () => model.cancelMonitoring(agent.id),
            `${name} is no longer monitored.`,
          )
        }
      >
        Stop
      </button>
      <span class="monitor-state">
        {current ? `${DOING[current.mode]} ${current.scope === 'NextChat' ? 'next chat' : 'all chats'}` : ''}
      </span>
    </div>
  );
}

export function AgentRow(props: { model: ConsoleModel; agent: BoardAgent; run: Run }) {
  const { agent } = props;
  return (
    <tr>
      <th scope="row">
        <span class="agent-name">{displayName(agent)}</span>
        {displayName(agent) !== agent.userName && <span class="user-name">{agent.userName}</span>}
      </th>
      <td>
        <span class={`agent-state state-${agent.state}`}>{AGENT_STATE[agent.state] ?? agent.state}</span>
      </td>
      <td>
        {agent.chats.length === 0 ? (
          <span class="muted">No chats</span>
        ) : (
          <ul class="board-chats" aria-label={`Chats of ${displayName(agent)}`}>
            {agent.chats.map((chat) => (
              <ChatItem key={chat.id} model={props.model} agent={agent} chat={chat} run={props.run} />
            ))}
          </ul>
        )}
      </td>
      <td>
        <MonitorControls model={props.model} agent={agent} run={props.run} />
      </td>
    </tr>
  );
}
