import type { Repositories } from '../store.js';
import { agentChannelRepository } from './agent-channels.js';
import { contactCenterRepository } from './contact-centers.js';
import type { SqlExecutor } from './executor.js';
import { loginFailureRepository } from './login-failures.js';
import { sessionRepository } from './sessions.js';
import { userRepository } from './users.js';

/** The repositories, written once in portable SQL, bound to one executor (pool or transaction). */
export function repositoriesOn(db: SqlExecutor): Repositories {
  return {
    contactCenters: contactCenterRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    loginFailures: loginFailureRepository(db),
    agentChannels: agentChannelRepository(db),
  };
}
