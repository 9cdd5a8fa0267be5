/**
 * The chat model (spec §3): one interaction (`Chat`) with the copies its parties hold
 * (`Party`: the customer, agents, supervisors), and its transcript (`Message`).
 *
 * A party's `state` is the state of that user's copy of the chat (spec §3.2); the customer's
 * state is derived (spec §6.1). Only lifecycle.ts produces new states.
 */

export type PartyState = 'Invited' | 'Chatting' | 'LeftChat' | 'Completed' | 'Revoked' | 'JoinFailed';
export type PartyRole = 'customer' | 'agent' | 'supervisor';
/** spec §4.2: who may see a participant or a message. */
export type Visibility = 'All' | 'Agents' | 'Supervisors';
/** spec §4.3: a supervisor's mode, and the visibility it gives the supervisor. */
export type SupervisorMode = 'Monitor' | 'Coach' | 'BargeIn';
/**
 * How a party came into the chat: the customer by its request; an agent by a routing offer (a
 * queue, Transfer to a queue), a Transfer to it, an Invite (conference) or a Consult; a supervisor
 * by Intrude or by a monitoring subscription. A consultant is seen by agents only (spec §2 Consult).
 */
export type PartyVia =
  'Request' | 'Routing' | 'Transfer' | 'Conference' | 'Consult' | 'Intrude' | 'Monitoring';
/** The interaction as a whole: waiting in a queue, offered to an agent, in progress, over. */
export type ChatPhase = 'Queued' | 'Offered' | 'Active' | 'Ended';

export type UserDataValue = string | number | null;
export type UserData = Readonly<Record<string, UserDataValue>>;

export interface Chat {
  /** The 16-character interaction id agents and supervisors see (spec §3.1). */
  readonly id: string;
  readonly contactCenterId: string;
  readonly queue: string;
  readonly subject: string;
  readonly phase: ChatPhase;
  readonly userData: UserData;
  /** Index of the last transcript message (spec §3.1: 1-based, increasing per chat). */
  readonly lastIndex: number;
  readonly createdAt: number;
  readonly endedAt: number | null;
  /** Incremented by every write; writes are conditional on it (no lost updates across nodes). */
  readonly version: number;
}

export interface Party {
  readonly chatId: string;
  /** 16 hex characters (spec §3.1 participant object). */
  readonly participantId: string;
  readonly role: PartyRole;
  /** The agent's or supervisor's user id; null for the customer. */
  readonly userId: string | null;
  readonly nickname: string;
  readonly state: PartyState;
  /** Supervisors only. */
  readonly mode: SupervisorMode | null;
  readonly via: PartyVia;
  /** Supervisors only: the agent whose chat it supervises (spec §4.5: released when that agent transfers). */
  readonly monitoredAgentId: string | null;
  /**
   * Supervisors in Monitor only: agents see it, because the contact center's
   * showMonitoringToAgents was on when it joined or switched to Monitor (visibility.ts).
   */
  readonly shownToAgents?: true;
  /** When this party's copy was created (receivedDate for an invitation). */
  readonly invitedAt: number;
  /** Set while Invited: when the offer is withdrawn if not answered. */
  readonly offerExpiresAt: number | null;
}

export type MessageType =
  | 'Text'
  | 'ParticipantJoined'
  | 'ParticipantLeft'
  | 'TypingStarted'
  | 'TypingStopped'
  | 'PushUrl'
  | 'Notice'
  | 'CustomNotice'
  | 'NicknameUpdated';

export interface Message {
  readonly chatId: string;
  readonly index: number;
  readonly type: MessageType;
  /** The participant it comes from. */
  readonly from: string;
  readonly visibility: Visibility;
  readonly text: string | null;
  readonly url: string | null;
  readonly noticeText: string | null;
  readonly messageType: string | null;
  readonly treatAs: 'Normal' | 'System' | null;
  readonly createdAt: number;
}

/** A chat with all of its parties: what a command reads and writes in one transaction. */
export interface ChatSnapshot {
  readonly chat: Chat;
  readonly parties: readonly Party[];
}
