/**
 * The composer's audiences a copy's capabilities allow (spec §3.3): everyone (`SendMessage`) and
 * agents only (`SendToAgents`), each with its typing notifications when both of its start and stop
 * operations are allowed. The desk and the console name and order them differently.
 */
import { useMemo } from 'preact/hooks';
import type { ChatCopy } from '../lib/chat-copy.js';
import { can } from '../lib/chat-copy.js';
import type { Body } from '../lib/gws.js';
import type { Audience } from './composer.js';

export type SendOperation = 'SendMessage' | 'SendToAgents';

const TYPING: Record<SendOperation, readonly [start: string, stop: string]> = {
  SendMessage: ['SendStartTypingNotification', 'SendStopTypingNotification'],
  SendToAgents: ['SendStartTypingToAgentsNotification', 'SendStopTypingToAgentsNotification'],
};

/** Every operation an audience is made of: its memo key. */
const OPERATIONS = (Object.keys(TYPING) as SendOperation[]).flatMap((op) => [op, ...TYPING[op]]);

function audiences(
  copy: ChatCopy,
  post: (body: Body) => Promise<unknown>,
  labels: readonly (readonly [SendOperation, string])[],
): Audience[] {
  return labels
    .filter(([operationName]) => can(copy, operationName))
    .map(([operationName, label]) => {
      const [start, stop] = TYPING[operationName];
      const typing = can(copy, start) && can(copy, stop);
      return {
        label,
        send: (text: string) => post({ operationName, text }),
        ...(typing ? { typing: (started: boolean) => post({ operationName: started ? start : stop }) } : {}),
      };
    });
}

/**
 * The audiences, in the order of `labels`, kept the same while the capabilities that make them
 * hold: the composer keys its typing notification on the audience, and a new one would stop it
 * at every notification.
 */
export function useAudiences(
  copy: ChatCopy,
  post: (body: Body) => Promise<unknown>,
  labels: readonly (readonly [SendOperation, string])[],
): Audience[] {
  const key = OPERATIONS.filter((op) => can(copy, op)).join();
  return useMemo(() => audiences(copy, post, labels), [copy.id, key]);
}
