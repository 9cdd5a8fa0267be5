/**
 * The GWS response envelope (spec §1.3), applied to every response: success bodies carry
 * `statusCode: 0`; failures are exactly `{"statusCode":n,"statusMessage":"…"}`. This is the one
 * place the error catalog meets HTTP (STYLE.md §8). Unknown errors are logged and answered as
 * statusCode 4 / HTTP 500 without any detail; no stack trace ever reaches the wire.
 *
 * Fastify's own failures come in three ways, and each is put in the envelope here: request errors
 * (body parsing, limits, validation) through the error handler; router errors (a path that is not
 * validly percent-encoded, a path parameter over 100 characters) through `frameworkErrors`; and
 * requests Node cannot parse (a malformed request line or header, headers too large) through
 * `clientErrorHandler`. The last two are server options (ENVELOPE_SERVER_OPTIONS, passed to
 * Fastify() in app.ts). No failure message repeats any part of the request — path, method,
 * header or body — back to the client.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
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

const MALFORMED_JSON = 'Malformed JSON in request body';

/**
 * Fastify's own request and router errors mapped to the catalog, each with a fixed message (its
 * own messages quote the path).
 */
const FASTIFY_ERRORS = new Map<string, { code: ErrorCode; message?: string }>(
  Object.entries<{ code: ErrorCode; message?: string }>({
    FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UnsupportedMediaType' },
    FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PayloadTooLarge' },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
      code: 'ValidationFailed',
      message: 'The body does not match its Content-Length',
    },
    FST_ERR_CTP_EMPTY_JSON_BODY: {
      code: 'MissingParameter',
      message: 'Request body is empty; expected a JSON object',
    },
    FST_ERR_CTP_INVALID_JSON_BODY: { code: 'ValidationFailed', message: MALFORMED_JSON },
    FST_ERR_CTP_EMPTY_TYPE: { code: 'UnsupportedMediaType' },
    FST_ERR_CTP_INVALID_TYPE: { code: 'UnsupportedMediaType' },
    FST_ERR_BAD_URL: { code: 'ValidationFailed', message: 'The request path is not validly percent-encoded' },
    // find-my-way's maxParamLength (100): no Parley id is that long, so no resource is named.
    FST_ERR_MAX_PARAM_LENGTH: {
      code: 'ValidationFailed',
      message: 'A path parameter is longer than 100 characters',
    },
  }),
);

function fromFastify(error: FastifyError): DomainError | undefined {
  if (error.validation) return toDomainError(error.validation, error.validationContext ?? 'body');
  const code: unknown = error.code;
  const known = typeof code === 'string' ? FASTIFY_ERRORS.get(code) : undefined;
  if (known) return new DomainError(known.code, known.message);
  if (error instanceof SyntaxError) return new DomainError('ValidationFailed', MALFORMED_JSON);
  // Any other request error of fastify's own: refused as invalid input, without its message.
  const status = error.statusCode ?? 500;
  if (typeof code === 'string' && code.startsWith('FST_') && status >= 400 && status < 500)
    return new DomainError('ValidationFailed');
  return undefined;
}

/** For Fastify({ frameworkErrors }): router errors, which reach neither hooks nor the error handler. */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const domain = fromFastify(error);
  if (!domain) request.log.error({ err: error }, 'unhandled framework error');
  void sendError(reply, domain ?? new DomainError('Internal'));
}

/** Node's parse errors of a request (`clientError`) by HTTP status and message; else 400. */
const CLIENT_ERRORS = new Map<string | undefined, readonly [number, string]>([
  ['HPE_HEADER_OVERFLOW', [431, 'Request headers too large']],
  ['ERR_HTTP_REQUEST_TIMEOUT', [408, 'Request timeout']],
]);

/** What Node could not parse as HTTP gets the envelope too, on the raw socket, then the socket closes. */
function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [http, message] = CLIENT_ERRORS.get(error.code) ?? [400, 'Malformed HTTP request'];
  const body = JSON.stringify({ statusCode: catalog.ValidationFailed.statusCode, statusMessage: message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${http} ${STATUS_CODES[http] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The server options that put fastify's router and connection errors in the envelope. */
export const ENVELOPE_SERVER_OPTIONS = {
  frameworkErrors,
  clientErrorHandler,
} satisfies Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>;

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
    // The catalog's messages: neither the method nor the path is repeated back. A route that
    // serves this method and still found nothing (a wildcard's missing file) is a 404, not a 405.
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (allowed.length > 0 && !allowed.includes(method)) {
      reply.header('allow', allowed.join(', '));
      return sendError(reply, new DomainError('MethodNotAllowed'));
    }
    return sendError(reply, new DomainError('NotFound'));
  });
}
