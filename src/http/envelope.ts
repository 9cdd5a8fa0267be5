/**
 * The GWS response envelope (spec §1.3), applied to every response: success bodies carry
 * `statusCode: 0`; failures are exactly `{"statusCode":n,"statusMessage":"…"}`. This is the one
 * place the error catalog meets HTTP (STYLE.md §8). Unknown errors are logged and answered as
 * statusCode 4 / HTTP 500 without any detail; no stack trace ever reaches the wire.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../errors.js';
import { catalog, DomainError, isDomainError } from '../errors.js';
import { toDomainError } from './validation.js';

export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  const entry = catalog[error.code];
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(entry.http)
    .type('application/json')
    .send({ statusCode: entry.statusCode, statusMessage: error.message });
}

/** Fastify's own request errors (body parsing, limits) mapped to the catalog. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PayloadTooLarge',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ValidationFailed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MissingParameter',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ValidationFailed',
  FST_ERR_CTP_EMPTY_TYPE: 'UnsupportedMediaType',
  FST_ERR_CTP_INVALID_TYPE: 'UnsupportedMediaType',
};

function fromFastify(error: FastifyError): DomainError | undefined {
  if (error.validation) return toDomainError(error.validation, error.validationContext ?? 'body');
  const code = FASTIFY_CODES[error.code];
  if (code === 'ValidationFailed' && error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new DomainError(code, 'Malformed JSON in request body');
  }
  if (code === 'MissingParameter')
    return new DomainError(code, 'Request body is empty; expected a JSON object');
  if (code) return new DomainError(code);
  if (error instanceof SyntaxError)
    return new DomainError('ValidationFailed', 'Malformed JSON in request body');
  return undefined;
}

export function installEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domain = isDomainError(error) ? error : fromFastify(error);
    if (domain) return sendError(reply, domain);
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, new DomainError('Internal'));
  });

  // Unknown routes get statusCode 6; a known path with the wrong method gets 405 and Allow.
  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const pattern = new RegExp(
      '^' +
        route.url
          .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
          .replace(/:[^/]+/g, '[^/]+')
          .replace(/\*/g, '.*') +
        '$',
    );
    // OPTIONS answers preflights on every path (cors.ts); it does not make a path "known".
    for (const method of methods) if (method !== 'OPTIONS') routes.push({ method, pattern });
  });
  app.setNotFoundHandler((request: FastifyRequest, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // The router ignores one trailing slash (app.ts), so the Allow check does the same.
    const routed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(routed)).map((r) => r.method))].filter(
      (m) => m !== 'HEAD',
    );
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendError(
        reply,
        new DomainError('MethodNotAllowed', `Method ${request.method} is not allowed on ${path}`),
      );
    }
    return sendError(reply, new DomainError('NotFound', `No resource at ${path}`));
  });
}
