/**
 * User provisioning, GWS style (spec §1.1, §1.3): `POST /api/v2/users` creates,
 * `GET /api/v2/users` lists URIs (`?fields=*` → `users`), `GET/PUT/DELETE /api/v2/users/{id}`.
 * Writes need ROLE_ADMIN; reads ROLE_ADMIN or ROLE_SUPERVISOR (supervisors pick agents to watch).
 * Everything is scoped to the caller's contact center.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../../auth/guard.js';
import { linksFor } from '../../http/links.js';
import type { UserService } from './service.js';
import { presentUser, userPath } from './present.js';
import { CreateUserBody, FieldsQuery, UpdateUserBody, UserIdParams } from './schema.js';

export interface UserRoutesOptions {
  readonly users: UserService;
  readonly publicUrl: string | undefined;
}

const ADMIN = { roles: ['ROLE_ADMIN'] } as const;
const READERS = { roles: ['ROLE_ADMIN', 'ROLE_SUPERVISOR'] } as const;
const tags = ['Users'];

export const userRoutes: FastifyPluginAsyncTypebox<UserRoutesOptions> = async (app, { users, publicUrl }) => {
  const actorOf = (request: Parameters<typeof principalOf>[0]) => {
    const { user } = principalOf(request);
    return { userId: user.id, contactCenterId: user.contactCenterId };
  };

  app.post('/api/v2/users', { config: ADMIN, schema: { tags, body: CreateUserBody } }, async (request) => {
    const user = await users.create(actorOf(request).contactCenterId, request.body);
    return {
      statusCode: 0,
      id: user.id,
      path: userPath(user.id),
      uri: linksFor(request, publicUrl)(userPath(user.id)),
    };
  });

  app.get(
    '/api/v2/users',
    { config: READERS, schema: { tags, querystring: FieldsQuery } },
    async (request) => {
      const links = linksFor(request, publicUrl);
      const list = await users.list(actorOf(request));
      if (request.query.fields === '*')
        return { statusCode: 0, users: list.map((u) => presentUser(u, links)) };
      return { statusCode: 0, uris: list.map((u) => links(userPath(u.id))) };
    },
  );

  app.get(
    '/api/v2/users/:userId',
    { config: READERS, schema: { tags, params: UserIdParams } },
    async (request) => {
      const user = await users.get(actorOf(request), request.params.userId);
      return { statusCode: 0, user: presentUser(user, linksFor(request, publicUrl)) };
    },
  );

  app.put(
    '/api/v2/users/:userId',
    { config: ADMIN, schema: { tags, params: UserIdParams, body: UpdateUserBody } },
    async (request) => {
      await users.update(actorOf(request), request.params.userId, request.body);
      return { statusCode: 0 };
    },
  );

  app.delete(
    '/api/v2/users/:userId',
    { config: ADMIN, schema: { tags, params: UserIdParams } },
    async (request) => {
      await users.delete(actorOf(request), request.params.userId);
      return { statusCode: 0 };
    },
  );
};
