import type { ContactCenter, User } from '../../accounts/records.js';
import { DEFAULT_SETTINGS } from '../../accounts/records.js';
import type { Chat, Message, Party } from '../../chats/model.js';
import type { TestDatabase } from '../../../test/support/databases.js';
import type { Store } from '../store.js';

/** What a group of contract cases runs against: the store under test and how to re-open it. */
export interface ContractContext {
  readonly skip: { skip?: string };
  store(): Store;
  database(): TestDatabase;
}

/** Records the contract cases build on. */
export const cc = (id: string): ContactCenter => ({
  id,
  name: `cc ${id}`,
  features: ['api-multimedia'],
  settings: DEFAULT_SETTINGS,
  createdAt: 1_700_000_000_000,
});

export const user = (id: string, userName: string, contactCenterId = 'cc-1'): User => ({
  id,
  contactCenterId,
  userName,
  passwordHash: 'scrypt$hash',
  firstName: 'Ann',
  lastName: 'Agent',
  roles: ['ROLE_AGENT'],
  enabled: true,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
});

export const newChat = (id: string): Chat => ({
  id,
  contactCenterId: 'cc-1',
  queue: 'default',
  subject: 'Question',
  phase: 'Queued',
  userData: { Subject: 'Question' },
  lastIndex: 1,
  createdAt: 10,
  endedAt: null,
  version: 1,
});

export const newParty = (
  chatId: string,
  participantId: string,
  role: Party['role'],
  userId: string | null,
  state: Party['state'],
  invitedAt: number,
): Party => ({
  chatId,
  participantId,
  role,
  userId,
  nickname: participantId,
  state,
  mode: null,
  invitedAt,
  offerExpiresAt: null,
  via: role === 'customer' ? 'Request' : role === 'agent' ? 'Routing' : 'Monitoring',
  monitoredAgentId: null,
});

export const newMessage = (chatId: string, index: number): Message => ({
  chatId,
  index,
  type: 'Text',
  from: 'C',
  visibility: index === 2 ? 'Agents' : 'All',
  text: `m${index}`,
  url: null,
  noticeText: null,
  messageType: null,
  treatAs: 'Normal',
  createdAt: 100 + index,
});
