/**
 * What the crash suite expects to find after a `kill -9`, derived from the journal alone. Each
 * worker sends one request at a time and stops at the first one not acknowledged, so of its
 * operations all but possibly the last were acknowledged, and the last may be unanswered: it
 * either took effect entirely or not at all. The expected state is therefore one of two: `sure`
 * (the acknowledged operations applied) or `maybe` (the unanswered one applied too).
 */
import type { Operation } from './crash-journal.js';

/** One customer's chat as a chat worker drove it. */
export interface ChatRun {
  readonly subject: string;
  token?: string;
  chatId?: string;
  /** The agent the chat was offered to (and who accepted it). */
  agent?: { readonly userName: string; readonly id: string };
  readonly operations: Operation[];
}

/** A chat as the checks compare it: the interaction, the two copies that matter, its audit. */
export interface ChatDigest {
  /** `waiting` stands for Queued or Offered: routing may offer it again after the restart. */
  readonly phase: 'waiting' | 'Active' | 'Ended';
  /** The accepting agent's copy: its state, or `none` before its Accept. */
  readonly agent: string;
  /** The intruding supervisor's copy as `state:mode`, or `none`. */
  readonly supervisor: string;
  readonly userData: Readonly<Record<string, unknown>>;
  /** The supervision audit actions about this chat, oldest first. */
  readonly audit: readonly string[];
}

const isSupervisor = (op: Operation, supervisor: string) => op.actor === supervisor;

function apply(d: ChatDigest, op: Operation, supervisor: string): ChatDigest {
  const [state, mode] = d.supervisor.split(':');
  const body = op.body ?? {};
  switch (op.name) {
    case 'Accept':
      return isSupervisor(op, supervisor)
        ? { ...d, supervisor: `Chatting:${mode}`, audit: [...d.audit, 'Accept'] }
        : { ...d, phase: 'Active', agent: 'Chatting' };
    case 'Intrude':
      return {
        ...d,
        supervisor: `Invited:${String(body.supervisorVisibilityMode)}`,
        audit: [...d.audit, 'Intrude'],
      };
    case 'SwitchToCoach':
      return { ...d, supervisor: 'Chatting:Coach', audit: [...d.audit, 'Switch'] };
    case 'AttachUserData':
      return { ...d, userData: { ...d.userData, ...(body.userData as object) } };
    case 'Complete': {
      const revoked = state === 'Invited' || state === 'Chatting';
      return {
        ...d,
        phase: 'Ended',
        agent: 'Completed',
        ...(revoked ? { supervisor: `Revoked:${mode}`, audit: [...d.audit, 'Revoked'] } : {}),
      };
    }
    default:
      return d; // RequestChat and messages change no state of the digest
  }
}

/** The digests the chat may have after the crash: `sure`, and `maybe` when an operation is unanswered. */
export function expectedDigests(run: ChatRun, supervisor: string): ChatDigest[] {
  const start: ChatDigest = {
    phase: 'waiting',
    agent: 'none',
    supervisor: 'none',
    userData: { Subject: run.subject },
    audit: [],
  };
  const acknowledged = run.operations.filter((o) => o.outcome?.kind === 'acknowledged');
  const sure = acknowledged.reduce((d, op) => apply(d, op, supervisor), start);
  const pending = run.operations.find((o) => o.outcome?.kind === 'unanswered');
  return pending ? [sure, apply(sure, pending, supervisor)] : [sure];
}

/**
 * How many times each text of the run may be in a transcript: exactly once when its operation
 * was acknowledged, at most once when unanswered (never half: the whole message or nothing).
 */
export function expectedTexts(operations: readonly Operation[]): Map<string, { min: number; max: number }> {
  const texts = new Map<string, { min: number; max: number }>();
  for (const op of operations) {
    if (op.text === undefined || op.outcome === undefined || op.outcome.kind === 'refused') continue;
    texts.set(op.text, op.outcome.kind === 'acknowledged' ? { min: 1, max: 1 } : { min: 0, max: 1 });
  }
  return texts;
}

/**
 * The values a last-writer-wins setting may have after the crash, from one actor's operations in
 * order: the last acknowledged one's, or the unanswered one's (`initial` before any).
 */
export function possibleLast<T>(
  operations: readonly Operation[],
  initial: T,
  value: (op: Operation) => T,
): T[] {
  const acknowledged = operations.filter((o) => o.outcome?.kind === 'acknowledged');
  const sure = acknowledged.length > 0 ? value(acknowledged[acknowledged.length - 1] as Operation) : initial;
  const pending = operations.find((o) => o.outcome?.kind === 'unanswered');
  return pending ? [sure, value(pending)] : [sure];
}

/** Audit actions a sequence of operations records: acknowledged ones, then maybe the unanswered one. */
export function possibleAudit(
  operations: readonly Operation[],
  action: (op: Operation) => string,
): string[][] {
  const sure = operations.filter((o) => o.outcome?.kind === 'acknowledged').map(action);
  const pending = operations.find((o) => o.outcome?.kind === 'unanswered');
  return pending ? [sure, [...sure, action(pending)]] : [sure];
}
