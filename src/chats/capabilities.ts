/**
 * Capabilities: the operations a party may call on its copy now (spec §3.3, §3.4), derived from
 * (state, role, supervisor mode, whether another agent-visible party is present) and never stored.
 * Calling an operation absent from the caller's capabilities is statusCode 2 (spec §2).
 *
 * Only operations Parley implements are offered (no Transfer / Invite / Consult yet).
 */
import type { PartyRole, PartyState, SupervisorMode } from './model.js';

export interface CapabilityContext {
  readonly state: PartyState;
  readonly role: PartyRole;
  readonly mode: SupervisorMode | null;
  /** Another party that agents see besides the customer: a Coach or BargeIn supervisor, or another agent. */
  readonly agentAudience: boolean;
}

const USER_DATA = ['SetDisposition', 'AttachUserData', 'DeleteUserData', 'UpdateUserData'] as const;
const TO_CUSTOMER = [
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
  'SendUrl',
] as const;
const TO_AGENTS = [
  'SendToAgents',
  'SendStartTypingToAgentsNotification',
  'SendStopTypingToAgentsNotification',
  'SendCustomNoticeToAgents',
] as const;

/** spec §3.4: the Switch entries name the two modes the supervisor is not in; barge-in prints as SwitchBargeIn. */
const SWITCHES: Record<SupervisorMode, readonly string[]> = {
  Monitor: ['SwitchToCoach', 'SwitchBargeIn'],
  Coach: ['SwitchToMonitor', 'SwitchBargeIn'],
  BargeIn: ['SwitchToMonitor', 'SwitchToCoach'],
};

const STATE_KEYS: Record<PartyState, number> = {
  Invited: 0,
  Chatting: 1,
  LeftChat: 2,
  Completed: 3,
  Revoked: 4,
  JoinFailed: 5,
};
const ROLE_KEYS: Record<PartyRole, number> = { customer: 0, agent: 1, supervisor: 2 };
const MODE_KEYS: Record<SupervisorMode, number> = { Monitor: 1, Coach: 2, BargeIn: 3 };
/** Every list is computed once per context and shared (frozen): a hot path asks for them per operation. */
const computed = new Map<number, readonly string[]>();

export function capabilities(ctx: CapabilityContext): readonly string[] {
  const key =
    STATE_KEYS[ctx.state] * 32 +
    ROLE_KEYS[ctx.role] * 8 +
    (ctx.mode === null ? 0 : MODE_KEYS[ctx.mode]) * 2 +
    (ctx.agentAudience ? 1 : 0);
  let list = computed.get(key);
  if (list === undefined) {
    list = Object.freeze(compute(ctx));
    computed.set(key, list);
  }
  return list;
}

function compute(ctx: CapabilityContext): string[] {
  switch (ctx.state) {
    case 'Invited':
      return ['Accept', 'Reject'];
    case 'Chatting':
      return ctx.role === 'supervisor'
        ? supervisorChatting(ctx.mode ?? 'Monitor')
        : agentChatting(ctx.agentAudience);
    case 'LeftChat':
    case 'JoinFailed':
      return ctx.role === 'agent' ? ['Complete', 'SetInFocus', ...USER_DATA] : [];
    default:
      return [];
  }
}

function agentChatting(agentAudience: boolean): string[] {
  return [
    'Leave',
    'LeaveAndComplete',
    'Complete',
    'SetInFocus',
    ...USER_DATA,
    ...TO_CUSTOMER,
    ...(agentAudience ? TO_AGENTS : []),
  ];
}

/** spec §3.4 recommended canonical sets: Monitor sends nothing; Coach only to agents; BargeIn both. */
function supervisorChatting(mode: SupervisorMode): string[] {
  const base = ['Leave', 'SetInFocus', ...USER_DATA];
  if (mode === 'Monitor') return [...base, ...SWITCHES.Monitor];
  if (mode === 'Coach') return [...base, ...TO_AGENTS, ...SWITCHES.Coach];
  return [...base, ...TO_AGENTS, ...TO_CUSTOMER, ...SWITCHES.BargeIn];
}

/** Operation names accepted for a capability (spec §3.3/§3.4 aliases). */
export const OPERATION_ALIASES: Readonly<Record<string, string>> = {
  InFocus: 'SetInFocus',
  SwitchToBargeIn: 'SwitchBargeIn',
};

export function allows(capabilityList: readonly string[], operationName: string): boolean {
  return capabilityList.includes(OPERATION_ALIASES[operationName] ?? operationName);
}
