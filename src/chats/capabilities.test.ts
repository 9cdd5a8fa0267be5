/**
 * The capability sets of every state × role × mode, in one table, against the doc samples
 * (spec §3.3, §3.4, §9.2 a): each row gives the sample as printed (or the spec's recommended set
 * where the samples disagree) and what Parley adds after it, each addition with its spec section.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CapabilityContext } from './capabilities.js';
import { capabilities } from './capabilities.js';
import type { PartyState, SupervisorMode } from './model.js';

const USER_DATA = ['SetDisposition', 'AttachUserData', 'DeleteUserData', 'UpdateUserData'];
/** spec §3.3 "Chatting, full set". */
const FULL_SET = [
  'Transfer',
  'Leave',
  'Invite',
  'Consult',
  'SetInFocus',
  ...USER_DATA,
  'Complete',
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
];
/** spec §3.3 "Chatting in conference/consult": full set + these. */
const CONFERENCE_ROW = [
  'SendToAgents',
  'SendStartTypingToAgentsNotification',
  'SendStopTypingToAgentsNotification',
];
/** Parley's additions to an agent's Chatting set: §3.3 Chat Resource sample, §2 SendUrl, §9.2 d. */
const AGENT_ADDS = ['LeaveAndComplete', 'SendUrl', 'SendCustomNotice', 'SendNicknameUpdatedNotice'];
/** How every spec §3.4 supervisor sample begins. */
const SUPERVISOR_SAMPLE_HEAD = [
  'Leave',
  'SetInFocus',
  ...USER_DATA,
  'Transfer',
  'Invite',
  'Consult',
  ...CONFERENCE_ROW,
];
/** spec §3.4 Coach row, as printed. */
const COACH_SAMPLE = [...SUPERVISOR_SAMPLE_HEAD, 'SwitchToMonitor', 'SwitchBargeIn'];
/** spec §3.4 BargeIn row (§9.2 a: the 15 operations, then the two other modes). */
const BARGE_IN_SAMPLE = [
  ...SUPERVISOR_SAMPLE_HEAD,
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
  'SwitchToMonitor',
  'SwitchToCoach',
];

type Row = [situation: string, context: Partial<CapabilityContext>, sample: string[], additions: string[]];

const agent = { role: 'agent', mode: null } as const;
const supervisor = (mode: SupervisorMode) => ({ role: 'supervisor', mode, agentAudience: true }) as const;

const TABLE: Row[] = [
  ['agent Invited (§3.3 inferred)', { ...agent, state: 'Invited' }, ['Accept', 'Reject'], []],
  ['agent Chatting alone (§3.3 full set)', { ...agent, state: 'Chatting' }, FULL_SET, AGENT_ADDS],
  [
    'agent Chatting, a Coach or BargeIn supervisor present (§3.3 conference row)',
    { ...agent, state: 'Chatting', agentAudience: true },
    [...FULL_SET, ...CONFERENCE_ROW],
    [...AGENT_ADDS, 'SendCustomNoticeToAgents'],
  ],
  [
    'agent Chatting in a conference or consult (§3.3 conference row; §2 RemoveParticipantFromConference)',
    { ...agent, state: 'Chatting', agentAudience: true, colleagues: true },
    [...FULL_SET, ...CONFERENCE_ROW],
    [...AGENT_ADDS, 'SendCustomNoticeToAgents', 'RemoveParticipantFromConference'],
  ],
  [
    'agent Chatting with a colleague still invited (§2: it can be removed)',
    { ...agent, state: 'Chatting', colleagues: true },
    FULL_SET,
    [...AGENT_ADDS, 'RemoveParticipantFromConference'],
  ],
  [
    'consultant Chatting (§2 Consult: to agents only, can Leave)',
    { ...agent, state: 'Chatting', consultant: true, agentAudience: true, colleagues: true },
    [],
    [
      'Leave',
      'SetInFocus',
      ...USER_DATA,
      ...CONFERENCE_ROW,
      'SendCustomNoticeToAgents',
      'SendNicknameUpdatedNotice',
    ],
  ],
  [
    'agent LeftChat (§2 Leave; the sample Transfer/Leave left out)',
    { ...agent, state: 'LeftChat' },
    [],
    ['Complete', 'SetInFocus', ...USER_DATA],
  ],
  [
    'agent JoinFailed (§3.3 real capture)',
    { ...agent, state: 'JoinFailed' },
    ['SetInFocus', 'Complete', ...USER_DATA],
    [],
  ],
  ...(['Monitor', 'Coach', 'BargeIn'] as const).map((mode): Row => [
    `supervisor ${mode} JoinFailed (Accept after the customer left; no sample)`,
    { ...supervisor(mode), state: 'JoinFailed' },
    [],
    ['Complete'],
  ]),
  ['agent Completed', { ...agent, state: 'Completed' }, [], []],
  ['agent Revoked', { ...agent, state: 'Revoked' }, [], []],
  [
    'supervisor Invited after Intrude (§2.1 inferred)',
    { ...supervisor('Coach'), state: 'Invited' },
    ['Accept', 'Reject'],
    [],
  ],
  [
    'supervisor Monitor (§3.4 recommended: sends nothing, hands nothing over)',
    { ...supervisor('Monitor'), state: 'Chatting' },
    ['Leave', 'SetInFocus', ...USER_DATA, 'SwitchToCoach', 'SwitchBargeIn'],
    [],
  ],
  [
    'supervisor Coach (§3.4 Coach sample)',
    { ...supervisor('Coach'), state: 'Chatting' },
    COACH_SAMPLE,
    ['SendCustomNoticeToAgents'],
  ],
  [
    'supervisor BargeIn (§3.4 BargeIn sample; §2 SendUrl "S in BargeIn")',
    { ...supervisor('BargeIn'), state: 'Chatting' },
    BARGE_IN_SAMPLE,
    ['SendCustomNoticeToAgents', 'SendUrl'],
  ],
  ['supervisor Completed', { ...supervisor('BargeIn'), state: 'Completed' }, [], []],
  ['supervisor Revoked (§5.3)', { ...supervisor('Monitor'), state: 'Revoked' }, [], []],
  [
    'customer copy (its capabilities come from customer/)',
    { role: 'customer', mode: null, state: 'Chatting' },
    [],
    [],
  ],
];

const defaults: CapabilityContext = {
  state: 'Chatting',
  role: 'agent',
  mode: null,
  consultant: false,
  agentAudience: false,
  colleagues: false,
};

test('capabilities of every state × role × mode: the doc sample, then Parley’s additions', () => {
  for (const [situation, context, sample, additions] of TABLE) {
    assert.deepEqual(capabilities({ ...defaults, ...context }), [...sample, ...additions], situation);
  }
});

test('every (state, role, mode) combination has a row or gives nothing', () => {
  const states: PartyState[] = ['Invited', 'Chatting', 'LeftChat', 'Completed', 'Revoked', 'JoinFailed'];
  const covered = new Set(TABLE.map(([, c]) => `${c.state}/${c.role}/${c.mode ?? '-'}`));
  for (const state of states) {
    for (const [role, mode] of [
      ['agent', null],
      ['supervisor', 'Monitor'],
      ['supervisor', 'Coach'],
      ['supervisor', 'BargeIn'],
    ] as const) {
      const list = capabilities({ ...defaults, state, role, mode });
      const key = `${state}/${role}/${mode ?? '-'}`;
      assert.ok(covered.has(key) || list.length === 0 || (role === 'supervisor' && state === 'Invited'), key);
    }
  }
});

test('the Switch entries name exactly the two modes the supervisor is not in (§9.2 a ii)', () => {
  const modes: SupervisorMode[] = ['Monitor', 'Coach', 'BargeIn'];
  const entry: Record<SupervisorMode, string> = {
    Monitor: 'SwitchToMonitor',
    Coach: 'SwitchToCoach',
    BargeIn: 'SwitchBargeIn',
  };
  for (const mode of modes) {
    const list = capabilities({ ...defaults, role: 'supervisor', mode, agentAudience: true });
    assert.deepEqual(
      list.filter((c) => c.startsWith('Switch')),
      modes.filter((m) => m !== mode).map((m) => entry[m]),
      mode,
    );
  }
});
