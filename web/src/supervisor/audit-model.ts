/**
 * The supervision audit trail (README "Supervision", Parley extension):
 * `GET /parley/v1/supervision/audit?agentId=&afterId=&limit=` entries, oldest first, read page by
 * page, shown newest first with ids given names. Pure and DOM-free (unit-tested under test/web).
 */

export interface AuditEntry {
  readonly id: number;
  readonly timestampSeconds: number;
  readonly supervisorId: string;
  readonly agentId: string;
  readonly chatId: string | null;
  readonly action: string;
  readonly fromMode: string | null;
  readonly toMode: string | null;
}

export interface AuditRow {
  readonly id: number;
  readonly at: number;
  readonly supervisor: string;
  readonly agent: string;
  readonly chat: string;
  readonly action: string;
  readonly modes: string;
}

/** A page is this long at most (the API's maximum). */
export const PAGE = 1000;
/** The rows kept: the latest ones. */
export const KEEP = 500;

/** The entries of one answer, the malformed ones left out. */
export function entriesOf(answer: Record<string, unknown>): AuditEntry[] {
  const raw = Array.isArray(answer.entries) ? (answer.entries as Record<string, unknown>[]) : [];
  return raw
    .filter((e) => typeof e.id === 'number' && typeof e.action === 'string')
    .map((e) => ({
      id: e.id as number,
      timestampSeconds: typeof e.timestampSeconds === 'number' ? e.timestampSeconds : 0,
      supervisorId: String(e.supervisorId ?? ''),
      agentId: String(e.agentId ?? ''),
      chatId: typeof e.chatId === 'string' ? e.chatId : null,
      action: e.action as string,
      fromMode: typeof e.fromMode === 'string' ? e.fromMode : null,
      toMode: typeof e.toMode === 'string' ? e.toMode : null,
    }));
}

/** The query of the page after `afterId` (undefined: the first), for one agent or all. */
export function auditPath(agentId: string, afterId: number | undefined): string {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (agentId) query.set('agentId', agentId);
  if (afterId !== undefined) query.set('afterId', String(afterId));
  return `/parley/v1/supervision/audit?${query.toString()}`;
}

const MODE: Record<string, string> = { Monitor: 'Monitor', Coach: 'Coach', BargeIn: 'Barge in' };
const mode = (m: string | null) => (m === null ? '—' : (MODE[m] ?? m));

/** "Monitor → Coach", "— → Monitor", or "" when the action involves no mode. */
export function modeChange(from: string | null, to: string | null): string {
  return from === null && to === null ? '' : `${mode(from)} → ${mode(to)}`;
}

/** The rows to show, newest first: the latest `KEEP` entries with names for ids (else the id). */
export function auditRows(entries: readonly AuditEntry[], names: ReadonlyMap<string, string>): AuditRow[] {
  const name = (id: string) => names.get(id) ?? id;
  return [...entries]
    .sort((a, b) => b.id - a.id)
    .slice(0, KEEP)
    .map((e) => ({
      id: e.id,
      at: e.timestampSeconds,
      supervisor: name(e.supervisorId),
      agent: name(e.agentId),
      chat: e.chatId ?? '—',
      action: e.action,
      modes: modeChange(e.fromMode, e.toMode),
    }));
}

/** The ids of `entries` that `names` does not know. */
export function unnamed(entries: readonly AuditEntry[], names: ReadonlyMap<string, string>): string[] {
  const ids = new Set(entries.flatMap((e) => [e.supervisorId, e.agentId]));
  return [...ids].filter((id) => id !== '' && !names.has(id));
}
