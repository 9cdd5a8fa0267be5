/**
 * The live team board (README "The live board"): a table of the agents and their chats, and a
 * table of the chats waiting for an agent with their wait — both kept current by the board's
 * events, durations ticking in place. Actions from it report on one status line and one alert
 * line of reserved height, so a result never moves the tables.
 */
import { displayName } from '../lib/display-name.js';
import { useRun } from '../ui/use-run.js';
import type { Run } from './agent-row.js';
import { AgentRow } from './agent-row.js';
import { agentsByName, queuedByWait } from './board-model.js';
import type { ConsoleModel } from './console-model.js';
import { Elapsed } from './elapsed.js';

export function TeamBoard(props: { model: ConsoleModel }) {
  const { model } = props;
  const { run: attempt, error, status, setStatus } = useRun();
  const run: Run = async (what, action, done) => {
    if (await attempt(what, action)) setStatus(done);
  };
  const board = model.board;
  if (!board)
    return (
      <p class="muted" role="status">
        Loading the board…
      </p>
    );
  const agents = agentsByName(board);
  const queued = queuedByWait(board);
  const nameOf = (id: string | undefined) => {
    const agent = id === undefined ? undefined : board.agents.find((a) => a.id === id);
    return agent ? displayName(agent) : (id ?? '');
  };
  return (
    <div class="team-board">
      <div class="board-feedback">
        <p class="board-status" role="status">
          {status}
        </p>
        <p class="board-error error" role="alert">
          {error}
        </p>
      </div>
      <section aria-labelledby="agents-heading">
        <h2 id="agents-heading">Agents</h2>
        <table class="board-table agents-table" aria-labelledby="agents-heading">
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">State</th>
              <th scope="col">Chats (waiting for an agent's reply)</th>
              <th scope="col">Monitoring</th>
            </tr>
          </thead>
          <tbody>
            {agents.length === 0 && (
              <tr>
                <td colSpan={4} class="muted">
                  No agents in this contact center.
                </td>
              </tr>
            )}
            {agents.map((agent) => (
              <AgentRow key={agent.id} model={model} agent={agent} run={run} />
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="queued-heading">
        <h2 id="queued-heading">Queued chats</h2>
        <table class="board-table queued-table" aria-labelledby="queued-heading">
          <thead>
            <tr>
              <th scope="col">Chat</th>
              <th scope="col">Queue</th>
              <th scope="col">Waiting</th>
              <th scope="col">Offered to</th>
            </tr>
          </thead>
          <tbody>
            {queued.length === 0 && (
              <tr>
                <td colSpan={4} class="muted">
                  No chat is waiting for an agent.
                </td>
              </tr>
            )}
            {queued.map((chat) => (
              <tr key={chat.id}>
                <th scope="row" class="chat-id">
                  {chat.id}
                </th>
                <td>{chat.queue}</td>
                <td>
                  <Elapsed since={chat.waitingSince} skew={model.skew} />
                </td>
                <td>{chat.offeredTo ? nameOf(chat.offeredTo) : <span class="muted">Nobody yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
