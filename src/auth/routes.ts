/**
 * Logout, a Parley extension (GWS has no logout of its own: its EndContactCenterSession "also
 * invalidates the client HTTP session", spec §1.4 and the GWS page of that operation, but it is
 * an agent operation). Any user:
 *
 *   POST /parley/v1/me {"operationName":"Logout"} → {"statusCode":0}
 *
 * ends the session the request came with — the cookie's, or the one its Basic credentials opened —
 * in the store, so the cookie works on no node any more, and answers with an expired
 * `JSESSIONID` so the browser drops it. With CSRF protection on, it needs the token like every
 * POST (a foreign page cannot log the user out). Basic credentials sent again open a new session.
 * EndContactCenterSession (agents/routes.ts) ends the HTTP session the same way, as GWS's does.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { operation, operationBody } from '../http/operations.js';
import type { Principal } from './authenticator.js';
import { principalOf } from './guard.js';
import { expiredSessionCookie } from './session-cookie.js';

const Body = operationBody([operation('Logout', {}, 'Ends this session (the cookie stops working)')]);

export interface SessionRoutesOptions {
  readonly endSession: (principal: Principal) => Promise<void>;
  readonly secureCookie: boolean;
}

export const sessionRoutes: FastifyPluginAsyncTypebox<SessionRoutesOptions> = async (
  app,
  { endSession, secureCookie },
) => {
  app.post(
    '/parley/v1/me',
    { schema: { tags: ['Parley extensions'], body: Body } },
    async (request, reply) => {
      await endSession(principalOf(request));
      expireSessionCookie(reply, secureCookie);
      return { statusCode: 0 };
    },
  );
};

/** The answer to a request that ended its session (Logout, EndContactCenterSession). */
export function expireSessionCookie(reply: FastifyReply, secureCookie: boolean): void {
  // A Basic request may have been given a new session cookie on its way in: not that one.
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', expiredSessionCookie(secureCookie));
}
