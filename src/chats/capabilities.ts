/**
 * Capabilities: the operations a party may call on its copy now (spec §3.3, §3.4, §9.2 a), derived
 * from (state, role, supervisor mode, whether it is a consultant, who else is in the chat) and
 * never stored. Calling an operation absent from the caller's capabilities is statusCode 2 (spec §2).
 *
 * Each list is the doc sample for its situation, in the sample's order, followed by what Parley
 * adds for operations spec §2 lets that party call:
 *
 *   agent Chatting     §3.3 "full set"; the three *ToAgents entries while an agent audience is
 *                      present (§3.3 conference row) · adds LeaveAndComplete (§3.3 Chat Resource
 *                      sample), SendUrl (§2), SendCustomNotice and SendNicknameUpdatedNotice
 *                      (§9.2 d), SendCustomNoticeToAgents with an audience and
 *                      RemoveParticipantFromConference with another agent in the chat (§2)
 *   consultant         no sample: §2 Consult — it talks to agents only and can Leave
 *   agent LeftChat     §2 Leave (disposition and user data, then Complete). The sample's Transfer and
 *                      Leave are left out: the customer has gone, there is nobody to hand over.
 *   agent JoinFailed   the real capture of §3.3
 *   supervisor         no sample · Complete, to dismiss a copy whose Accept came after the
 *   JoinFailed         customer left (the agent's Complete revokes it too)
 *   Invited            Accept, Reject (§3.3 inferred; clients key on Accept, §9.2 g)
 *   supervisor         §3.4's recommended sets: Monitor sends nothing and hands nothing over; Coach
 *                      is the Coach sample; BargeIn the BargeIn sample · both add
 *                      SendCustomNoticeToAgents (§2 "A, S"), BargeIn SendUrl (§2, inferred)
 */
import type { PartyRole, PartyState, SupervisorMode } from './model.js';

export interface CapabilityContext {
  readonly state: PartyState;
  readonly role: PartyRole;
  readonly mode: SupervisorMode | null;
  /** An agent who joined by Consult: visible to agents only (spec §2 Consult). */
  readonly consultant: boolean;
  /** Another party that agents see besides the customer: a Coach or BargeIn supervisor, or another agent. */
  readonly agentAudience: boolean;
  /** Another agent is in the chat or invited into it: a conference or a consult (spec §2). */
  readonly colleagues: boolean;
}

const USER_DATA = ['SetDisposition', 'AttachUserData', 'DeleteUserData', 'UpdateUserData'] as const;
const TYPING = ['SendStartTypingNotification', 'SendStopTypingNotification'] as const;
const TO_AGENTS = [
  'SendToAgents',
  'SendStartTypingToAgentsNotification',
  'SendStopTypingToAgentsNotification',
] as const;
const HAND_OVER = ['Transfer', 'Invite', 'Consult'] as const;

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
    ((((STATE_KEYS[ctx.state] * 3 + ROLE_KEYS[ctx.role]) * 4 +
      (ctx.mode === null ? 0 : MODE_KEYS[ctx.mode])) *
      2 +
      (ctx.consultant ? 1 : 0)) *
      2 +
      (ctx.agentAudience ? 1 : 0)) *
      2 +
    (ctx.colleagues ? 1 : 0);
  let list = computed.get(key);
  if (list === undefined) {
    list = Object.freeze(compute(ctx));
    computed.set(key, list);
  }
  return list;
}

function compute(ctx: CapabilityContext): string[] {
  if (ctx.role === 'customer') return []; // the customer's operations are customer/'s (spec §6.1)
  switch (ctx.state) {
    case 'Invited':
      return ['Accept', 'Reject'];
    case 'Chatting':
      if (ctx.role === 'supervisor') return supervisorChatting(ctx.mode ?? 'Monitor');
      return ctx.consultant ? consultantChatting() : agentChatting(ctx);
    case 'LeftChat':
      return ctx.role === 'agent' ? ['Complete', 'SetInFocus', ...USER_DATA] : [];
    case 'JoinFailed':
      // A supervisor's join fails when the customer left first: it may dismiss the copy (Parley's
      // addition; the agent's Complete revokes it too).
      return ctx.role === 'agent' ? ['SetInFocus', 'Complete', ...USER_DATA] : ['Complete'];
    default:
      return [];
  }
}

function agentChatting({ agentAudience, colleagues }: CapabilityContext): string[] {
  return [
    // spec §3.3 "full set", then the conference row's additions
    'Transfer',
    'Leave',
    'Invite',
    'Consult',
    'SetInFocus',
    ...USER_DATA,
    'Complete',
    'SendMessage',
    ...TYPING,
    ...(agentAudience ? TO_AGENTS : []),
    // Parley's additions (see the top of this file)
    'LeaveAndComplete',
    'SendUrl',
    'SendCustomNotice',
    'SendNicknameUpdatedNotice',
    ...(agentAudience ? ['SendCustomNoticeToAgents'] : []),
    ...(colleagues ? ['RemoveParticipantFromConference'] : []),
  ];
}

/** spec §2 Consult: the consultant is invisible to the customer and its messages go to agents only. */
function consultantChatting(): string[] {
  return [
    'Leave',
    'SetInFocus',
    ...USER_DATA,
    ...TO_AGENTS,
    'SendCustomNoticeToAgents',
    'SendNicknameUpdatedNotice',
  ];
}

/** spec §3.4 recommended canonical sets: Monitor sends nothing; Coach only to agents; BargeIn both. */
function supervisorChatting(mode: SupervisorMode): string[] {
  const base = ['Leave', 'SetInFocus', ...USER_DATA];
  if (mode === 'Monitor') return [...base, ...SWITCHES.Monitor];
  if (mode === 'Coach')
    return [...base, ...HAND_OVER, ...TO_AGENTS, ...SWITCHES.Coach, 'SendCustomNoticeToAgents'];
  return [
    ...base,
    ...HAND_OVER,
    ...TO_AGENTS,
    'SendMessage',
    ...TYPING,
    ...SWITCHES.BargeIn,
    'SendCustomNoticeToAgents',
    'SendUrl',
  ];
}
