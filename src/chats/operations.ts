/**
 * The operation table (STYLE.md §4, spec §2): every operation on `POST /api/v2/me/chats/{id}`
 * maps, through one record the compiler keeps complete, to the capability that allows it, the
 * supervision audit action it records when a supervisor calls it, what it reads in the command's
 * transaction, and its decision. An operation name with no entry does not compile; a name the
 * schema does not know never gets here (statusCode 10, validation.ts).
 */
import { DomainError } from '../errors.js';
import type { AuditAction, Repositories, Subscription } from '../store/store.js';
import { applySwitch, auditSupervisorAction, joinSubscribers } from '../supervision/decisions.js';
import * as d from './agent-decisions.js';
import type { HandOver } from './collaboration.js';
import {
  decideConsult,
  decideInvite,
  decideRemove,
  decideTransfer,
  prepareHandOver,
} from './collaboration.js';
import type { ChatSnapshot, Party } from './model.js';
import type { OutcomeBuilder } from './outcome.js';
import { capabilitiesOf } from './present.js';
import type { AgentOperation, AgentOperationName, OperationOf } from './schema.js';

/** What an operation read in the transaction before deciding. */
export interface Prepared {
  /** Accept by an agent: the supervisors monitoring it join (spec §4.1). */
  readonly subscriptions?: readonly Subscription[];
  /** A supervisor enters Monitor (Accept of a monitored agent, SwitchToMonitor): records.ts. */
  readonly showMonitoring?: boolean;
  readonly handOver?: HandOver;
}

export interface OperationContext {
  /** The caller's user name: its nickname when it gives none (Accept). */
  readonly defaultNickname: string;
  readonly prepared: Prepared;
}

interface Entry<N extends AgentOperationName> {
  /** The capability that must be in the caller's list (spec §3.3, §3.4; aliases name their capability). */
  readonly capability: string;
  /** Recorded in the supervision audit when a supervisor calls it (spec §4). */
  readonly audit: AuditAction | null;
  readonly prepare?: (
    tx: Repositories,
    snapshot: ChatSnapshot,
    caller: Party,
    op: OperationOf<N>,
  ) => Promise<Prepared>;
  readonly decide: (b: OutcomeBuilder, caller: Party, op: OperationOf<N>, ctx: OperationContext) => void;
}

const handOver = async (tx: Repositories, snapshot: ChatSnapshot, _caller: Party, op: AgentOperation) => ({
  handOver: await prepareHandOver(tx, snapshot, op),
});
const prepared = (ctx: OperationContext): HandOver => {
  if (!ctx.prepared.handOver) throw new Error('hand-over not prepared');
  return ctx.prepared.handOver;
};
const none = () => undefined;
const merged = (b: OutcomeBuilder, op: { userData: Record<string, unknown> }) =>
  d.setUserData(b, { ...b.chat.userData, ...(op.userData as Record<string, string | number | null>) });
/** The contact center's showMonitoringToAgents, read only where a supervisor may enter Monitor. */
const showMonitoring = async (tx: Repositories, snapshot: ChatSnapshot): Promise<boolean> =>
  (await tx.contactCenters.get(snapshot.chat.contactCenterId))?.settings.showMonitoringToAgents ?? false;
type SwitchName = 'SwitchToMonitor' | 'SwitchToCoach' | 'SwitchToBargeIn' | 'SwitchBargeIn';
const switchTo = <N extends SwitchName>(name: N, capability: string): Entry<N> => ({
  capability,
  audit: 'Switch',
  prepare: async (tx, snapshot) =>
    name === 'SwitchToMonitor' ? { showMonitoring: await showMonitoring(tx, snapshot) } : {},
  decide: (b, caller, _op, ctx) => applySwitch(b, caller, name, ctx.prepared.showMonitoring ?? false),
});

export const OPERATIONS: { readonly [N in AgentOperationName]: Entry<N> } = {
  Accept: {
    capability: 'Accept',
    audit: 'Accept',
    prepare: async (tx, snapshot, caller) => {
      if (caller.role !== 'agent' || !caller.userId) return {};
      const subscriptions = await tx.subscriptions.forAgent(caller.userId);
      // The setting is read only when a supervisor joins in Monitor: an Accept costs no more.
      const monitors = subscriptions.some((s) => s.mode === 'Monitor');
      return { subscriptions, showMonitoring: monitors && (await showMonitoring(tx, snapshot)) };
    },
    decide: (b, caller, op, ctx) => {
      d.accept(b, caller, op, ctx.defaultNickname);
      const joined = b.party(caller.participantId)?.state === 'Chatting';
      const { subscriptions = [], showMonitoring: shown = false } = ctx.prepared;
      if (caller.role === 'agent' && joined) joinSubscribers(b, caller, subscriptions, shown);
    },
  },
  Reject: { capability: 'Reject', audit: 'Reject', decide: (b, caller) => d.reject(b, caller) },
  SendMessage: {
    capability: 'SendMessage',
    audit: null,
    decide: (b, caller, op) => d.sendMessage(b, caller, op),
  },
  SendStartTypingNotification: {
    capability: 'SendStartTypingNotification',
    audit: null,
    decide: (b, caller, op) => d.sendTyping(b, caller, true, op.text),
  },
  SendStopTypingNotification: {
    capability: 'SendStopTypingNotification',
    audit: null,
    decide: (b, caller, op) => d.sendTyping(b, caller, false, op.text),
  },
  SendUrl: { capability: 'SendUrl', audit: null, decide: (b, caller, op) => d.sendUrl(b, caller, op) },
  SendToAgents: {
    capability: 'SendToAgents',
    audit: null,
    decide: (b, caller, op) =>
      d.post(b, caller, 'Text', 'Agents', {
        text: op.text,
        messageType: op.messageType ?? null,
        treatAs: op.treatAs ?? 'Normal',
      }),
  },
  SendStartTypingToAgentsNotification: {
    capability: 'SendStartTypingToAgentsNotification',
    audit: null,
    decide: (b, caller, op) => d.post(b, caller, 'TypingStarted', 'Agents', { text: op.text ?? null }),
  },
  SendStopTypingToAgentsNotification: {
    capability: 'SendStopTypingToAgentsNotification',
    audit: null,
    decide: (b, caller, op) => d.post(b, caller, 'TypingStopped', 'Agents', { text: op.text ?? null }),
  },
  SendCustomNoticeToAgents: {
    capability: 'SendCustomNoticeToAgents',
    audit: null,
    decide: (b, caller, op) =>
      d.post(b, caller, 'CustomNotice', 'Agents', { noticeText: op.noticeText, text: op.text ?? null }),
  },
  SendCustomNotice: {
    capability: 'SendCustomNotice',
    audit: null,
    decide: (b, caller, op) => d.sendCustomNotice(b, caller, op),
  },
  SendNicknameUpdatedNotice: {
    capability: 'SendNicknameUpdatedNotice',
    audit: null,
    decide: (b, caller, op) => d.sendNicknameUpdated(b, caller, op.noticeText),
  },
  Leave: {
    capability: 'Leave',
    audit: 'Leave',
    decide: (b, caller, op) => {
      d.say(b, caller, op);
      d.leave(b, caller, false);
    },
  },
  LeaveAndComplete: {
    capability: 'LeaveAndComplete',
    audit: null,
    decide: (b, caller, op) => d.leaveAndComplete(b, caller, op),
  },
  Complete: { capability: 'Complete', audit: null, decide: (b, caller, op) => d.complete(b, caller, op) },
  Transfer: {
    capability: 'Transfer',
    audit: 'Transfer',
    prepare: handOver,
    decide: (b, caller, op, ctx) => {
      d.say(b, caller, op);
      decideTransfer(b, caller, prepared(ctx));
    },
  },
  Invite: {
    capability: 'Invite',
    audit: 'Invite',
    prepare: handOver,
    decide: (b, _c, _op, ctx) => decideInvite(b, prepared(ctx)),
  },
  Consult: {
    capability: 'Consult',
    audit: 'Consult',
    prepare: handOver,
    decide: (b, _c, _op, ctx) => decideConsult(b, prepared(ctx)),
  },
  RemoveParticipantFromConference: {
    capability: 'RemoveParticipantFromConference',
    audit: null,
    prepare: (tx, snapshot, caller, op) =>
      handOver(tx, snapshot, caller, { ...op, targetUri: op.targetUri ?? op.userUri }),
    decide: (b, caller, _op, ctx) => decideRemove(b, caller, prepared(ctx)),
  },
  // A UI focus hint: no state change, no notification (spec §2, inferred); printed as InFocus too.
  SetInFocus: { capability: 'SetInFocus', audit: null, decide: none },
  InFocus: { capability: 'SetInFocus', audit: null, decide: none },
  AttachUserData: { capability: 'AttachUserData', audit: null, decide: (b, _c, op) => merged(b, op) },
  UpdateUserData: { capability: 'UpdateUserData', audit: null, decide: (b, _c, op) => merged(b, op) },
  DeleteUserData: {
    capability: 'DeleteUserData',
    audit: null,
    decide: (b, _c, op) => {
      const userData = { ...b.chat.userData };
      for (const key of op.keys) delete userData[key];
      d.setUserData(b, userData);
    },
  },
  SetDisposition: {
    capability: 'SetDisposition',
    audit: null,
    decide: (b, _c, op) =>
      d.setUserData(b, {
        ...b.chat.userData,
        [op.dispositionKey ?? d.DEFAULT_DISPOSITION_KEY]: op.disposition,
      }),
  },
  // spec §3.4: barge-in's capability prints as SwitchBargeIn; both operation names are accepted.
  SwitchToMonitor: switchTo('SwitchToMonitor', 'SwitchToMonitor'),
  SwitchToCoach: switchTo('SwitchToCoach', 'SwitchToCoach'),
  SwitchToBargeIn: switchTo('SwitchToBargeIn', 'SwitchBargeIn'),
  SwitchBargeIn: switchTo('SwitchBargeIn', 'SwitchBargeIn'),
};

function entryOf<N extends AgentOperationName>(name: N): Entry<N> {
  return OPERATIONS[name] as Entry<N>;
}

/** Reads what operation `op` needs in the command's transaction (undefined: nothing). */
export function preparation(op: AgentOperation): Entry<AgentOperationName>['prepare'] {
  return (entryOf(op.operationName) as Entry<AgentOperationName>).prepare;
}

/** The caller's capabilities allow the operation, or statusCode 2 saying why not. */
export function requireCapability(
  b: OutcomeBuilder,
  caller: Party,
  capability: string,
  operationName: string,
): void {
  if (capabilitiesOf(caller, b.parties).includes(capability)) return;
  const why =
    caller.state !== 'Chatting'
      ? `on a chat in state ${caller.state}`
      : caller.role === 'supervisor'
        ? `to a supervisor in ${caller.mode ?? 'Monitor'} mode`
        : caller.via === 'Consult'
          ? 'to a consultant (its messages go to agents only)'
          : 'now';
  throw new DomainError('InvalidState', `${operationName} is not available ${why}`);
}

/** Applies `op` to the outcome under construction: capability, decision, audit record. */
export function applyOperation(
  b: OutcomeBuilder,
  caller: Party,
  op: AgentOperation,
  ctx: OperationContext,
): void {
  const entry = entryOf(op.operationName) as Entry<AgentOperationName>;
  requireCapability(b, caller, entry.capability, op.operationName);
  entry.decide(b, caller, op as never, ctx);
  if (entry.audit) auditSupervisorAction(b, caller, entry.audit);
}
