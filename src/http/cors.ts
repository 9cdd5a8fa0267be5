/**
 * CORS for the customer widget, which runs on the company's own site (spec §1.4): only origins
 * in PARLEY_CORS_ORIGINS get CORS headers; preflights are answered for them; the request headers
 * of the GWS CORS configuration (`ContactCenterId`, …) are allowed, plus any a deployment names in
 * PARLEY_CORS_HEADERS (e.g. a widget's `apikey`), and `X-CSRF-HEADER`/`X-CSRF-TOKEN` are exposed.
 * Any other origin gets no CORS headers at all, so the browser refuses the response.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** spec §1.4: the allowed request headers of GWS's CORS configuration, and Parley's CSRF header. */
const FIXED_ALLOWED_HEADERS: readonly string[] = [
  'X-Requested-With',
  'Content-Type',
  'Accept',
  'Origin',
  'Cookie',
  'Authorization',
  'ssid',
  'surl',
  'ContactCenterId',
  'X-CSRF-TOKEN',
];
const EXPOSED_HEADERS = 'X-CSRF-HEADER, X-CSRF-TOKEN';
const METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

export interface CorsOptions {
  /** Origins allowed to call cross-origin; `*` for any. None: no CORS at all. */
  readonly origins: readonly string[];
  /** Request headers allowed beyond the fixed list (PARLEY_CORS_HEADERS). */
  readonly headers: readonly string[];
}

export function installCors(app: FastifyInstance, { origins, headers }: CorsOptions): void {
  // Header names are case-insensitive: one named twice (or already fixed) is listed once.
  const listed = new Map<string, string>();
  for (const name of [...FIXED_ALLOWED_HEADERS, ...headers]) {
    if (!listed.has(name.toLowerCase())) listed.set(name.toLowerCase(), name);
  }
  const allowedHeaders = [...listed.values()].join(', ');
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const originOf = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    return origin && (any || allowed.has(origin)) ? origin : undefined;
  };
  const decorate = (reply: FastifyReply, origin: string) => {
    reply.header('access-control-allow-origin', any ? '*' : origin);
    if (!any) reply.header('access-control-allow-credentials', 'true');
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    reply.header('vary', 'Origin');
  };

  if (origins.length > 0) {
    app.addHook('onRequest', (request, reply, done) => {
      const origin = originOf(request);
      if (origin) decorate(reply, origin);
      done();
    });
  }

  // Preflights: answered for every path; an origin not allowed gets no CORS headers.
  app.options('*', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (originOf(request)) {
      reply.header('access-control-allow-methods', METHODS);
      reply.header('access-control-allow-headers', allowedHeaders);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
