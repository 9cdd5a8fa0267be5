import type { Feature } from './features.js';
import type { Role } from './roles.js';

/** Per-contact-center settings; later features add theirs here with a default. */
export interface ContactCenterSettings {
  /** Chats an agent may carry at once (routing). */
  readonly chatCapacity: number;
  /** Seconds an agent has to accept an offered chat before it goes to the next agent. */
  readonly inviteTimeoutSeconds: number;
  /** spec §2.1 (inferred) strict mode: Intrude requires an active monitoring subscription. */
  readonly intrudeRequiresMonitoring: boolean;
  /**
   * Chats that may wait for an agent at once (customer state WaitingForAgent: queued, or offered
   * and not yet accepted); a RequestChat beyond it is refused and nothing is stored.
   */
  readonly maxWaitingChats: number;
  /**
   * Seconds a chat may wait for an agent (since its request, or since an agent handed it back to
   * a queue) before the routing sweep ends it for the customer (Idle) and withdraws its offers.
   */
  readonly waitingTimeoutSeconds: number;
  /**
   * Seconds without any request from the customer (RequestChat, GetChat, GetMessages, SendMessage,
   * typing) after which the routing sweep ends the chat for it, as if it had sent Complete: its
   * widget is gone (spec §6.1: clients poll periodically).
   */
  readonly customerIdleTimeoutSeconds: number;
  /**
   * Agents see a supervisor who monitors their chat (where the law or a works agreement says they
   * must be told): a Monitor supervisor who joins or switches while it is on is listed to agents
   * and its join/leave notices reach them (visibility `Agents` instead of spec §4.3's
   * `Supervisors`, chats/visibility.ts). The customer never sees it either way.
   */
  readonly showMonitoringToAgents: boolean;
}

export const DEFAULT_SETTINGS: ContactCenterSettings = Object.freeze({
  chatCapacity: 3,
  inviteTimeoutSeconds: 30,
  intrudeRequiresMonitoring: false,
  maxWaitingChats: 500,
  waitingTimeoutSeconds: 1800,
  customerIdleTimeoutSeconds: 300,
  showMonitoringToAgents: false,
});

export interface ContactCenter {
  readonly id: string;
  readonly name: string;
  readonly features: readonly Feature[];
  readonly settings: ContactCenterSettings;
  readonly createdAt: number;
}

export interface User {
  /** 32 lower-case hex characters, as GWS user ids (spec §2.2 samples). */
  readonly id: string;
  readonly contactCenterId: string;
  readonly userName: string;
  readonly passwordHash: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly roles: readonly Role[];
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}
