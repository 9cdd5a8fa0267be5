/**
 * The supervision audit trail (README "Supervision"): every supervisor's actions on the contact
 * center's agents, newest first, for one agent or all, read on demand (Refresh) — the audit has no
 * notification. Ids are named from the board's agents and this user, else from the user list.
 */
import { useEffect, useState } from 'preact/hooks';
import { displayName } from '../lib/display-name.js';
import { describeError } from '../lib/gws.js';
import type { AuditEntry } from './audit-model.js';
import { auditPath, auditRows, entriesOf, PAGE, unnamed } from './audit-model.js';
import { agentsByName } from './board-model.js';
import type { ConsoleModel } from './console-model.js';

/** At most this many pages are read at once (oldest first: the latest are on the last page). */
const MAX_PAGES = 20;

async function readAll(model: ConsoleModel, agentId: string): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  let afterId: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const entries = entriesOf(await model.get(auditPath(agentId, afterId)));
    all.push(...entries);
    if (entries.length < PAGE) break;
    afterId = entries[entries.length - 1]?.id;
  }
  return all;
}

/** Names of users the board does not list (other supervisors), from `GET /api/v2/users?fields=*`. */
async function moreNames(model: ConsoleModel, names: Map<string, string>): Promise<void> {
  const answer = await model.get('/api/v2/users?fields=*');
  const users = Array.isArray(answer.users) ? (answer.users as Record<string, unknown>[]) : [];
  for (const u of users) {
    const name = displayName({
      firstName: String(u.firstName ?? ''),
      lastName: String(u.lastName ?? ''),
      userName: String(u.userName ?? u.id),
    });
    if (typeof u.id === 'string' && !names.has(u.id)) names.set(u.id, name);
  }
}

export function AuditTrail(props: { model: ConsoleModel; shown: boolean }) {
  const { model } = props;
  const [agentId, setAgentId] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | undefined>(undefined);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const agents = model.board ? agentsByName(model.board) : [];

  const refresh = async (forAgent = agentId) => {
    setBusy(true);
    setError('');
    try {
      const read = await readAll(model, forAgent);
      const you = `${displayName(model.user)} (you)`;
      const known = new Map<string, string>([[model.user.id, you]]);
      for (const a of agents) if (!known.has(a.id)) known.set(a.id, displayName(a));
      if (unnamed(read, known).length > 0) await moreNames(model, known).catch(() => undefined);
      setNames(known);
      setEntries(read);
    } catch (failure) {
      setError(`The audit trail could not be read: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (props.shown) void refresh();
  }, [props.shown]);

  const rows = entries ? auditRows(entries, names) : [];
  return (
    <div class="audit">
      <form
        class="audit-tools"
        onSubmit={(e) => {
          e.preventDefault();
          void refresh();
        }}
      >
        <label for="audit-agent">Agent</label>
        <select
          id="audit-agent"
          value={agentId}
          onChange={(e) => {
            setAgentId(e.currentTarget.value);
            void refresh(e.currentTarget.value);
          }}
        >
          <option value="">All agents</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {displayName(a)}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy}>
          Refresh
        </button>
        <span class="muted audit-count" role="status">
          {busy
            ? 'Reading…'
            : entries
              ? `${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, newest first`
              : ''}
        </span>
      </form>
      <p role="alert" class="error audit-error">
        {error}
      </p>
      <table class="board-table audit-table" aria-label="Supervision audit trail">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Supervisor</th>
            <th scope="col">Agent</th>
            <th scope="col">Chat</th>
            <th scope="col">Action</th>
            <th scope="col">Mode</th>
          </tr>
        </thead>
        <tbody>
          {entries && rows.length === 0 && (
            <tr>
              <td colSpan={6} class="muted">
                No supervision recorded{agentId ? ' for this agent' : ''}.
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <tr key={row.id}>
              <td>{new Date(row.at).toLocaleString()}</td>
              <td>{row.supervisor}</td>
              <td>{row.agent}</td>
              <td class="chat-id">{row.chat}</td>
              <td>{row.action}</td>
              <td>{row.modes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
