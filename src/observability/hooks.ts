/**
 * What the instrumented features tell /metrics: one small interface each, passed in their deps by
 * the composition root and absent by default (then nothing is counted and nothing is paid). The
 * features import these types only; the counting lives in metrics.ts.
 */
import type { Party, PartyVia } from '../chats/model.js';

/** A retried chat command's conflict: the chat's version moved, or a decision's own check failed. */
export type CommandConflict = 'version' | 'decision';

/** The chat engine (chats/engine.ts). */
export interface ChatMetrics {
  /** A command committed; `changed` are the parties it changed or added (invitations are counted from them). */
  committed(before: readonly Party[], changed: readonly Party[]): void;
  /** A command met a RetryableConflict; `retried`: it runs again (false: it gave up, statusCode 19). */
  conflicted(kind: CommandConflict, retried: boolean): void;
}

/** The routing engine (routing/router.ts). */
export interface RoutingMetrics {
  /** The sweep withdrew an invitation nobody answered in time. */
  offerTimedOut(via: PartyVia): void;
  /** An offer lost the agent's last slot to another writer (the conditional capacity write). */
  capacityConflict(): void;
}

/** Why queued notifications were lost (bayeux/hub.ts). */
export type DropReason =
  'overflow' | 'slow-consumer' | 'expired' | 'lost' | 'disconnect' | 'shutdown' | 'invalid-channel';

/** The Bayeux hub (bayeux/hub.ts). */
export interface HubMetrics {
  /** A notification was queued (or pushed) for one session. */
  delivered(): void;
  /** `count` notifications were lost for a session (it ended holding them, or could not take them). */
  dropped(reason: DropReason, count: number): void;
}

/** Sessions of the hub by how they receive: pushed on a WebSocket, or in /meta/connect replies. */
export interface SessionCounts {
  readonly websocket: number;
  readonly longPolling: number;
}
