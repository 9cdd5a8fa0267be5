/**
 * The current user (spec §1.1): `GET /api/v2/me` → `{"statusCode":0,"user":{…}}`; an
 * administrator also sees its `contactCenterId`. `?subresources=*` adds what a reconnecting
 * client needs to rebuild its state (spec §1.1: `channels`, `chats`, …), each from the feature
 * that owns it; `?subresources=channels,chats` adds only those named (spec §1.2), and a name
 * Parley does not serve is statusCode 10 naming it, rather than silently left out.
 * Unauthenticated → statusCode 20 / HTTP 401 (the guard).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { presentUser } from '../accounts/users/present.js';
import type { Principal } from '../auth/authenticator.js';
import { principalOf } from '../auth/guard.js';
import { DomainError } from '../errors.js';
import type { Links } from '../http/links.js';
import { linksFor } from '../http/links.js';

const Query = Type.Object({
  subresources: Type.Optional(
    Type.String({
      description: '`*` adds every sub-resource, or a comma-separated list of names (spec §1.1)',
    }),
  ),
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
    const names = requested(request.query.subresources, Object.keys(subresources));
    const values = await Promise.all(names.map((name) => subresources[name]?.(principal, links)));
    names.forEach((name, i) => (user[name] = values[i]));
    return { statusCode: 0, user };
  });
};

/** The sub-resources a `subresources` value names: `*` (alone or in the list) is all of them. */
function requested(value: string | undefined, known: readonly string[]): string[] {
  const names = [...new Set((value ?? '').split(',').map((n) => n.trim()))].filter(Boolean);
  if (names.includes('*')) return [...known];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      `Unknown subresources: ${unknown.join(', ')} (known: ${known.join(', ')}, or *)`,
    );
  }
  return names;
}
