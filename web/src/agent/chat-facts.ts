/**
 * What the desk reads off a chat copy: who the customer is, who else is in the chat and whether
 * the customer can see them (spec §4.2: `visibility` `Agents` is hidden from the customer), and
 * supervisors by Parley's participant field `supervisorMode` (README "Supervision").
 */
import type { ChatCopy, Participant } from '../lib/chat-copy.js';

export type DeskParticipant = Participant & { readonly supervisorMode?: string };

/** The customer's nickname: from the participants, else the transcript (an offer has no participants). */
export function customerOf(copy: ChatCopy): string | undefined {
  const customer = copy.participants.find((p) => p.type === 'Customer');
  if (customer) return customer.nickname;
  return copy.messages.find((m) => m.from.type === 'Customer')?.from.nickname;
}

/** A queue the chat resource names, if any (`queue`, or the first of `suggestedQueueUris`). */
export function queueOf(resource: Record<string, unknown>): string | undefined {
  if (typeof resource.queue === 'string' && resource.queue) return resource.queue;
  const uris = resource.suggestedQueueUris;
  const first = Array.isArray(uris) && typeof uris[0] === 'string' ? uris[0] : undefined;
  return first ? decodeURIComponent(first.split('/').pop() ?? '') || undefined : undefined;
}

export const isMe = (p: Participant, userId: string) =>
  typeof p.uri === 'string' && p.uri.endsWith(`/users/${userId}`);

export const hiddenFromCustomer = (p: Participant) =>
  p.visibility === 'Agents' || p.visibility === 'Supervisors';

const MODES: Record<string, string> = { Coach: 'coaching', BargeIn: 'barged in', Monitor: 'monitoring' };

/** "customer", "you", "supervisor, coaching", "agent", "consultant". */
export function roleOf(p: DeskParticipant, userId: string): string {
  if (p.type === 'Customer') return 'customer';
  if (isMe(p, userId)) return 'you';
  if (p.supervisorMode) return `supervisor, ${MODES[p.supervisorMode] ?? p.supervisorMode}`;
  return p.visibility === 'Agents' ? 'consultant' : 'agent';
}

/** The notes a panel shows about who is watching or helping (spec §4.3). */
export function supervisionMarkers(copy: ChatCopy, userId: string): string[] {
  const notes: string[] = [];
  for (const p of copy.participants as readonly DeskParticipant[]) {
    if (p.type === 'Customer' || isMe(p, userId)) continue;
    if (p.supervisorMode === 'Coach')
      notes.push(`${p.nickname}: Supervisor coaching — the customer cannot see them`);
    else if (p.supervisorMode === 'BargeIn') notes.push(`${p.nickname}: Supervisor joined the chat`);
    else if (p.supervisorMode === 'Monitor') notes.push(`${p.nickname}: Supervisor monitoring`);
    else if (p.visibility === 'Agents') notes.push(`${p.nickname}: Consulting — hidden from the customer`);
  }
  return notes;
}

/** The customer has gone (LeftChat, or its ParticipantLeft is the last word from it). */
export function customerLeft(copy: ChatCopy): boolean {
  if (copy.state === 'LeftChat') return true;
  if (copy.state !== 'Chatting') return false;
  const last = [...copy.messages]
    .reverse()
    .find((m) => m.from.type === 'Customer' && m.type.startsWith('Participant'));
  return last?.type === 'ParticipantLeft';
}
