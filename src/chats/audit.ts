/**
 * Supervision audit records written by chat commands, in the command's own transaction: the
 * actions supervisors take on their copies and the revocations chat endings cause.
 */
import type { AuditAction } from '../store/store.js';
import type { Party, SupervisorMode } from './model.js';
import type { OutcomeBuilder } from './outcome.js';

/** The agent whose chat this is: the latest agent copy. */
export function chatAgentId(parties: readonly Party[]): string | null {
  return parties.filter((p) => p.role === 'agent').at(-1)?.userId ?? null;
}

export function audit(
  b: OutcomeBuilder,
  entry: {
    supervisorId: string;
    agentId: string | null;
    action: AuditAction;
    fromMode: SupervisorMode | null;
    toMode: SupervisorMode | null;
  },
): void {
  const record = {
    contactCenterId: b.chat.contactCenterId,
    at: b.now,
    supervisorId: entry.supervisorId,
    agentId: entry.agentId,
    chatId: b.chat.id,
    action: entry.action,
    fromMode: entry.fromMode,
    toMode: entry.toMode,
  };
  b.write((tx) => tx.audit.append(record));
}
