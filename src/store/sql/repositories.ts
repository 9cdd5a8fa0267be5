import type { Repositories } from '../store.js';
import { agentChannelRepository } from './agent-channels.js';
import { agentLoadRepository } from './agent-load.js';
import { auditRepository } from './audit.js';
import { subscriptionRepository } from './subscriptions.js';
import { chatRepository } from './chats.js';
import { messageRepository } from './messages.js';
import { partyRepository } from './parties.js';
import { contactCenterRepository } from './contact-centers.js';
import type { SqlExecutor } from './executor.js';
import { loginFailureRepository } from './login-failures.js';
import { outboxRepository } from './outbox.js';
import { sequenceRepository } from './sequences.js';
import { sessionRepository } from './sessions.js';
import { userRepository } from './users.js';

/** The repositories, written once in portable SQL, bound to one executor (pool or transaction). */
export function repositoriesOn(db: SqlExecutor, dialect: 'sqlite' | 'postgres'): Repositories {
  return {
    contactCenters: contactCenterRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    loginFailures: loginFailureRepository(db),
    agentChannels: agentChannelRepository(db),
    chats: chatRepository(db, dialect),
    parties: partyRepository(db),
    messages: messageRepository(db),
    agentLoad: agentLoadRepository(db),
    subscriptions: subscriptionRepository(db),
    audit: auditRepository(db),
    outbox: outboxRepository(db, dialect),
    sequences: sequenceRepository(db),
  };
}
