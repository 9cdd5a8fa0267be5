/**
 * Supervision commands (spec §2.1, §4.1): monitoring subscriptions on an agent's chat channel,
 * Intrude into an agent's chat, and the audit trail. A supervisor acts only on agents of its own
 * contact center; any other agent is "not found" (statusCode 6). Every action is audited in the
 * transaction that makes it.
 */
import type { ContactCenter, User } from '../accounts/records.js';
import type { ChatEngine } from '../chats/engine.js';
import type { SupervisorMode } from '../chats/model.js';
import { DomainError } from '../errors.js';
import type { AuditEntry, AuditFilter, Store, Subscription } from '../store/store.js';
import { decideIntrude } from './decisions.js';
import type { ChannelOperation } from './schema.js';

export interface SupervisionDeps {
  readonly store: Store;
  readonly engine: ChatEngine;
  readonly now?: () => number;
}

export class Supervision {
  private readonly now: () => number;

  constructor(private readonly deps: SupervisionDeps) {
    this.now = deps.now ?? Date.now;
  }

  private async agentOf(supervisor: User, agentId: string): Promise<User> {
    const agent = await this.deps.store.users.get(agentId);
    if (
      !agent ||
      agent.contactCenterId !== supervisor.contactCenterId ||
      !agent.roles.includes('ROLE_AGENT')
    ) {
      throw new DomainError('NotFound', 'Unknown agent');
    }
    return agent;
  }

  /** Monitor / Coach / BargeIn / CancelSupervisorMonitoring on `/users/{agentId}/channels/chat`. */
  async channelOperation(supervisor: User, agentId: string, op: ChannelOperation): Promise<void> {
    const agent = await this.agentOf(supervisor, agentId);
    if (agent.id === supervisor.id) throw new DomainError('Forbidden', 'A supervisor cannot monitor itself');
    const now = this.now();
    const base = {
      contactCenterId: supervisor.contactCenterId,
      at: now,
      supervisorId: supervisor.id,
      agentId,
      chatId: null,
    };
    await this.deps.store.transaction(async (tx) => {
      const previous = await tx.subscriptions.get(supervisor.id, agentId);
      if (op.operationName === 'CancelSupervisorMonitoring') {
        if (!previous)
          throw new DomainError('InvalidState', 'This agent is not monitored by this supervisor');
        await tx.subscriptions.delete(supervisor.id, agentId);
        await tx.audit.append({ ...base, action: 'Cancel', fromMode: previous.mode, toMode: null });
        return;
      }
      const subscription: Subscription = {
        supervisorId: supervisor.id,
        agentId,
        contactCenterId: supervisor.contactCenterId,
        mode: op.operationName,
        scope: op.supervisorMonitoringMode ?? 'AllChats',
        nickname: op.nickname ?? supervisor.userName,
        createdAt: now,
      };
      await tx.subscriptions.put(subscription);
      await tx.audit.append({
        ...base,
        action: 'Subscribe',
        fromMode: previous?.mode ?? null,
        toMode: subscription.mode,
      });
    });
  }

  /** spec §2.1: Intrude on `/users/{agentId}/chats/{chatId}`; the supervisor then gets the chat Invited. */
  async intrude(
    supervisor: User,
    contactCenter: ContactCenter,
    agentId: string,
    chatId: string,
    mode: SupervisorMode | undefined,
  ): Promise<number> {
    await this.agentOf(supervisor, agentId);
    const referenceId = await this.deps.engine.nextReferenceId();
    await this.deps.engine.run(
      chatId,
      (b, subscription: Subscription | undefined) =>
        decideIntrude(b, {
          supervisorId: supervisor.id,
          supervisorName: supervisor.userName,
          contactCenterId: supervisor.contactCenterId,
          agentId,
          mode,
          subscription,
          requireSubscription: contactCenter.settings.intrudeRequiresMonitoring,
          showMonitoring: contactCenter.settings.showMonitoringToAgents,
          inviteTimeoutMs: contactCenter.settings.inviteTimeoutSeconds * 1000,
        }),
      { referenceId, prepare: (tx) => tx.subscriptions.get(supervisor.id, agentId) },
    );
    return referenceId;
  }

  async auditTrail(contactCenterId: string, filter: AuditFilter, limit: number): Promise<AuditEntry[]> {
    return this.deps.store.audit.list(contactCenterId, filter, limit);
  }
}
