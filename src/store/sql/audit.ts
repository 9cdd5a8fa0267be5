import type { SupervisorMode } from '../../chats/model.js';
import type { AuditAction, AuditEntry, AuditRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';
import { MAX_BIGINT } from './bounds.js';

interface Row {
  id: number;
  contact_center_id: string;
  at: number;
  supervisor_id: string;
  agent_id: string | null;
  chat_id: string | null;
  action: string;
  from_mode: string | null;
  to_mode: string | null;
}

const insert = sql(
  'audit.insert',
  `INSERT INTO supervision_audit (contact_center_id, at, supervisor_id, agent_id, chat_id, action, from_mode, to_mode)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
);
// Optional filters: CAST keeps each parameter typed for PostgreSQL when it is NULL.
const list = sql(
  'audit.list',
  `SELECT id, contact_center_id, at, supervisor_id, agent_id, chat_id, action, from_mode, to_mode
   FROM supervision_audit
   WHERE contact_center_id = ? AND id > ?
     AND (CAST(? AS TEXT) IS NULL OR supervisor_id = ?)
     AND (CAST(? AS TEXT) IS NULL OR agent_id = ?)
     AND (CAST(? AS TEXT) IS NULL OR chat_id = ?)
   ORDER BY id LIMIT ?`,
);

export function auditRepository(db: SqlExecutor): AuditRepository {
  return {
    async append(e) {
      await db.run(insert, [
        e.contactCenterId,
        e.at,
        e.supervisorId,
        e.agentId,
        e.chatId,
        e.action,
        e.fromMode,
        e.toMode,
      ]);
    },
    async list(contactCenterId, f, limit) {
      const s = f.supervisorId ?? null;
      const a = f.agentId ?? null;
      const c = f.chatId ?? null;
      const afterId = Math.min(f.afterId ?? 0, MAX_BIGINT);
      const rows = await db.all<Row>(list, [contactCenterId, afterId, s, s, a, a, c, c, limit]);
      return rows.map((r): AuditEntry => ({
        id: Number(r.id),
        contactCenterId: r.contact_center_id,
        at: r.at,
        supervisorId: r.supervisor_id,
        agentId: r.agent_id,
        chatId: r.chat_id,
        action: r.action as AuditAction,
        fromMode: r.from_mode as SupervisorMode | null,
        toMode: r.to_mode as SupervisorMode | null,
      }));
    },
  };
}
