/**
 * Request bodies on the GWS paths (spec §1.2: operations are JSON bodies). `application/json` is
 * fastify's own parser. A body sent with no `Content-Type` at all (plain HTTP clients, old
 * cross-origin transports) is read as JSON too, under the same body limit: malformed JSON is
 * statusCode 10 and no body at all statusCode 1 (validation.ts), as with the header. Any other content type,
 * `text/plain` included, is refused (415, statusCode 10) instead of being half-parsed.
 *
 * Bayeux (`/api/v2/notifications`) registers its own parsers in its own context (bayeux/routes.ts)
 * and never reaches this one; Parley's extensions (`/parley/v1/…`) keep requiring the header.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorCodes } from 'fastify';

const GWS_PREFIX = '/api/v2/';

function readsUntypedJson(request: FastifyRequest): boolean {
  return (
    request.headers['content-type'] === undefined && (request.routeOptions.url ?? '').startsWith(GWS_PREFIX)
  );
}

export function installBodyParsing(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  const json = app.getDefaultJsonParser('error', 'error');
  // '*' is the parser fastify picks both for a missing Content-Type and for one it has no parser
  // for; only the first is JSON. The body limit is the server's (addContentTypeParser's default);
  // it is checked first, so an oversized body of another type is 413 rather than 415.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    if (readsUntypedJson(request)) return json(request, body.toString(), done);
    done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
  });
}
