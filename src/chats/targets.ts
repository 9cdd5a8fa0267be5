/**
 * The target of a Transfer, Invite, Consult or RemoveParticipantFromConference (spec §2, §2.2):
 * `targetUri` names a user (`…/api/v2/users/{id}`, as the user resource's own `uri`) or a queue
 * (`…/api/v2/queues/{name}`, Consult's "multimedia-queue URI"); `queueName` names a queue. The
 * host is not checked: behind a proxy clients hold URIs of another host.
 */
import { DomainError } from '../errors.js';

export type Target =
  | { readonly kind: 'agent'; readonly userId: string }
  | { readonly kind: 'queue'; readonly queueName: string };

const USER_PATH = /\/users\/([0-9a-f]{32})\/?$/i;
const QUEUE_PATH = /\/queues\/([^/]+)\/?$/;

export function targetOf(op: { readonly targetUri?: string; readonly queueName?: string }): Target {
  if (op.targetUri !== undefined && op.queueName !== undefined) {
    throw new DomainError('ValidationFailed', 'Give targetUri or queueName, not both');
  }
  if (op.queueName !== undefined) return { kind: 'queue', queueName: op.queueName };
  if (op.targetUri === undefined) throw new DomainError('MissingParameter', 'targetUri is required');
  const path = op.targetUri.replace(/[?#].*$/, '');
  const user = USER_PATH.exec(path);
  if (user?.[1]) return { kind: 'agent', userId: user[1].toLowerCase() };
  const queue = QUEUE_PATH.exec(path);
  if (queue?.[1]) {
    const queueName = decoded(queue[1]);
    if (queueName !== undefined && queueName.length <= 128) return { kind: 'queue', queueName };
  }
  throw new DomainError(
    'ValidationFailed',
    'targetUri must be a user URI (…/api/v2/users/{id}) or a queue URI (…/api/v2/queues/{name})',
  );
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A target that must be an agent (Invite, RemoveParticipantFromConference). */
export function agentTargetOf(op: { readonly targetUri?: string }, operationName: string): string {
  const target = targetOf(op);
  if (target.kind !== 'agent') {
    throw new DomainError('ValidationFailed', `${operationName} takes an agent's user URI as targetUri`);
  }
  return target.userId;
}
