/**
 * The team directory (Parley extension, README "Agents"): `GET /parley/v1/agents` lists the
 * contact center's enabled agents with their chat channel state, for an agent or a supervisor
 * choosing whom to Transfer, Invite or Consult (`targetUri` is an entry's `uri`, spec §2). GWS
 * clients find targets through directories Parley does not have; agents may not list users
 * (`GET /api/v2/users` is for administrators and supervisors). Two queries, whatever the size.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { hasRole } from '../accounts/roles.js';
import { userPath } from '../accounts/users/present.js';
import { principalOf } from '../auth/guard.js';
import { linksFor } from '../http/links.js';
import type { Store } from '../store/store.js';

export interface DirectoryRoutesOptions {
  readonly store: Store;
  readonly publicUrl: string | undefined;
}

export const directoryRoutes: FastifyPluginAsyncTypebox<DirectoryRoutesOptions> = async (
  app,
  { store, publicUrl },
) => {
  app.get(
    '/parley/v1/agents',
    { config: { roles: ['ROLE_AGENT', 'ROLE_SUPERVISOR'] }, schema: { tags: ['Agents'] } },
    async (request) => {
      const { contactCenter } = principalOf(request);
      const [users, channels] = await Promise.all([
        store.users.listByContactCenter(contactCenter.id),
        store.agentChannels.listForContactCenter(contactCenter.id),
      ]);
      const states = new Map(channels.filter((c) => c.channel === 'chat').map((c) => [c.userId, c.state]));
      const links = linksFor(request, publicUrl);
      const agents = users
        .filter((u) => u.enabled && hasRole(u, 'ROLE_AGENT'))
        .map((u) => ({
          id: u.id,
          userName: u.userName,
          firstName: u.firstName,
          lastName: u.lastName,
          uri: links(userPath(u.id)),
          path: userPath(u.id),
          state: states.get(u.id) ?? 'LoggedOut',
        }));
      return { statusCode: 0, agents };
    },
  );
};
