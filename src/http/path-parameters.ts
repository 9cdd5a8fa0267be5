/**
 * An empty path segment where a resource id belongs (`/api/v2/chats//messages`,
 * `/api/v2/me/chats//`) names no resource: the router still matches it, with the parameter ''.
 * It is refused here, for every route at once, as a missing parameter (spec §1.3 statusCode 1),
 * before any service looks the empty id up. Wildcards (`*`: Bayeux's message-type suffixes, the
 * preflight route) may be empty and are left alone.
 *
 * The check is added, as a callback hook (no promise per request), only to routes whose path
 * has named parameters.
 */
import type { FastifyInstance, preValidationHookHandler } from 'fastify';
import { DomainError } from '../errors.js';

const refuseEmptyParameters: preValidationHookHandler = (request, _reply, done) => {
  const params = request.params as Record<string, string | undefined> | undefined;
  for (const name in params) {
    if (name !== '*' && params[name] === '')
      return done(new DomainError('MissingParameter', `Missing required parameter '${name}' in path`));
  }
  done();
};

export function installPathParameterCheck(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!/\/:/.test(route.url)) return;
    const own = route.preValidation;
    const hooks = own === undefined ? [] : Array.isArray(own) ? own : [own];
    route.preValidation = [refuseEmptyParameters, ...hooks] as never;
  });
}
