/**
 * An empty path segment where a resource id belongs (`/api/v2/chats//messages`,
 * `/api/v2/me/chats//`) names no resource: the router still matches it, with the parameter ''.
 * It is refused here, for every route at once, as a missing parameter (spec §1.3 statusCode 1),
 * before any service looks the empty id up. Wildcards (`*`: Bayeux's message-type suffixes, the
 * preflight route) may be empty and are left alone.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';

export function installPathParameterCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, string | undefined> | undefined;
    for (const [name, value] of Object.entries(params ?? {})) {
      if (name !== '*' && value === '')
        throw new DomainError('MissingParameter', `Missing required parameter '${name}' in path`);
    }
  });
}
