/**
 * The steps of the visibility property (test/property/visibility.property.test.ts): who acts, and
 * the body of each operation. Text not meant for the customer carries the marker `secret`.
 * `Reconnect` is a customer that lost its place and polls again from its first message; the
 * administrator turns the contact center's showMonitoringToAgents on and off (records.ts).
 */
import fc from 'fast-check';
import type { AgentOperation } from '../../src/chats/schema.js';

export type Who = 'customer' | 'agent' | 'bob' | 's1' | 's2' | 'admin';
export type Step = { who: Who; op: string; mode: 'Monitor' | 'Coach' | 'BargeIn' };

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      who: fc.constant<Who>('customer'),
      op: fc.constantFrom(
        'SendMessage',
        'SendStartTypingNotification',
        'SendStopTypingNotification',
        'Poll',
        'Reconnect',
      ),
      mode: fc.constant('Monitor' as const),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      who: fc.constant<Who>('agent'),
      op: fc.constantFrom(
        'SendMessage',
        'SendStartTypingNotification',
        'SendToAgents',
        'SendStartTypingToAgentsNotification',
        'SendStopTypingToAgentsNotification',
        'SendCustomNoticeToAgents',
        'SendUrl',
        'AttachUserData',
        'SendCustomNotice',
        'SendNicknameUpdatedNotice',
        'Leave:text',
        'Transfer:bob',
        'Transfer:queue',
        'Invite:bob',
        'Consult:bob',
        'Remove:bob',
      ),
      mode: fc.constant('Monitor' as const),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      who: fc.constant<Who>('bob'),
      op: fc.constantFrom(
        // Accept often: bob's other steps need an accepted invitation first.
        'Accept',
        'Accept',
        'Accept',
        'Accept',
        'Reject',
        'SendMessage',
        'SendToAgents',
        'SendStartTypingToAgentsNotification',
        'SendCustomNoticeToAgents',
        'SendNicknameUpdatedNotice',
        'SendUrl',
        'Leave',
        'Leave:text',
        'Transfer:agent',
        'Invite:agent',
        'Consult:agent',
        'Remove:agent',
      ),
      mode: fc.constant('Monitor' as const),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      who: fc.constantFrom<Who>('s1', 's2'),
      op: fc.constantFrom(
        'Intrude',
        'Accept',
        'Reject',
        'SwitchToMonitor',
        'SwitchToCoach',
        'SwitchToBargeIn',
        'Leave',
        'SendMessage',
        'SendToAgents',
        'SendStartTypingToAgentsNotification',
        'SendCustomNoticeToAgents',
        'SendStartTypingNotification',
        'SendUrl',
        'Leave:text',
        'Transfer:bob',
        'Invite:bob',
        'Consult:bob',
      ),
      mode: fc.constantFrom('Monitor', 'Coach', 'BargeIn'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      who: fc.constant<Who>('admin'),
      op: fc.constantFrom('ShowMonitoringToAgents', 'HideMonitoringFromAgents'),
      mode: fc.constant('Monitor' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      who: fc.constantFrom<Who>('customer', 'agent'),
      op: fc.constantFrom('End'),
      mode: fc.constant('Monitor' as const),
    }),
  },
);

/** Text for an operation: anything not meant for the customer carries the marker `secret`. */
export function body(op: string, n: number, ids: { agent: string; bob: string }): AgentOperation {
  const secret = /ToAgents/.test(op);
  const text = secret ? `secret-${n}` : `public-${n}`;
  const [name = op, target] = op.split(':');
  if (target !== undefined) {
    const targetUri = `http://parley.test/api/v2/users/${target === 'bob' ? ids.bob : ids.agent}`;
    if (name === 'Leave') return { operationName: 'Leave', text };
    if (name === 'Remove') return { operationName: 'RemoveParticipantFromConference', targetUri };
    if (target === 'queue') return { operationName: name as 'Transfer', queueName: 'prop-queue' };
    return { operationName: name as 'Transfer', targetUri };
  }
  switch (op) {
    case 'SendCustomNotice':
      return { operationName: op, noticeText: text };
    case 'SendNicknameUpdatedNotice':
      return { operationName: op, noticeText: `nick-${n}` };
    case 'SendMessage':
    case 'SendToAgents':
      return { operationName: op, text } as AgentOperation;
    case 'SendCustomNoticeToAgents':
      return { operationName: op, noticeText: text };
    case 'SendUrl':
      return { operationName: op, url: `https://example.com/${text}` };
    case 'AttachUserData':
      return { operationName: op, userData: { n } };
    case 'SendStartTypingToAgentsNotification':
    case 'SendStopTypingToAgentsNotification':
      return { operationName: op, text } as AgentOperation;
    default:
      return { operationName: op } as AgentOperation;
  }
}
