/**
 * The current user (spec §1.1): `GET /api/v2/me` → `{"statusCode":0,"user":{…}}`; an
 * administrator also sees its `contactCenterId`. `?subresources=*` adds what a reconnecting
 * client needs to rebuild its state (spec §1.1: `channels`, `chats`, …), each from the feature
 * that owns it. Unauthenticated → statusCode 20 / HTTP 401 (the guard).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentUser } from '../accounts/users/present.js';
import type { Principal } from '../auth/authenticator.js';
import { principalOf } from '../auth/guard.js';
import type { Links } from '../http/links.js';
import { linksFor } from '../http/links.js';

const Query = Type.Object({
  subresources: Type.Optional(Type.String({ description: '`*` adds the sub-resources (spec §1.1)' })),
});

/** One sub-resource of `/me`, named as in the GWS capture (`channels`, `chats`, …). */
export type Subresource = (principal: Principal, links: Links) => Promise<unknown>;

export interface MeOptions {
  readonly publicUrl: string | undefined;
  readonly subresources: Readonly<Record<string, Subresource>>;
}

export const meRoutes: FastifyPluginAsyncTypebox<MeOptions> = async (app, { publicUrl, subresources }) => {
  app.get('/api/v2/me', { schema: { tags: ['Me'], querystring: Query } }, async (request) => {
    const principal = principalOf(request);
    const links = linksFor(request, publicUrl);
    const withContactCenter = principal.user.roles.includes('ROLE_ADMIN');
    const user: Record<string, unknown> = presentUser(principal.user, links, { withContactCenter });
    if (request.query.subresources === '*') {
      const names = Object.keys(subresources);
      const values = await Promise.all(names.map((name) => subresources[name]?.(principal, links)));
      names.forEach((name, i) => (user[name] = values[i]));
    }
    return { statusCode: 0, user };
  });
};
