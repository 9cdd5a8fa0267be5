/**
 * The current user (spec §1.1): `GET /api/v2/me` → `{"statusCode":0,"user":{…}}`; an
 * administrator also sees its `contactCenterId`. Unauthenticated → statusCode 20 / HTTP 401
 * (the guard). Presence and `?subresources=*` arrive with the notifications and chats features.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentUser } from '../accounts/users/present.js';
import { principalOf } from '../auth/guard.js';
import { linksFor } from '../http/links.js';

const Query = Type.Object({
  subresources: Type.Optional(Type.String({ description: '`*` adds the sub-resources (spec §1.1)' })),
});

export const meRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string | undefined }> = async (
  app,
  { publicUrl },
) => {
  app.get('/api/v2/me', { schema: { tags: ['Me'], querystring: Query } }, async (request) => {
    const { user } = principalOf(request);
    const withContactCenter = user.roles.includes('ROLE_ADMIN');
    return { statusCode: 0, user: presentUser(user, linksFor(request, publicUrl), { withContactCenter }) };
  });
};
