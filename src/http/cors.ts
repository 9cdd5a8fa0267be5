/**
 * CORS for the customer widget, which runs on the company's own site (spec §1.4): only origins
 * in PARLEY_CORS_ORIGINS get CORS headers; preflights are answered for them; `ContactCenterId`
 * is an allowed request header and `X-CSRF-HEADER`/`X-CSRF-TOKEN` are exposed. Any other origin
 * gets no CORS headers at all, so the browser refuses the response.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const ALLOWED_HEADERS =
  'X-Requested-With, Content-Type, Accept, Origin, Cookie, Authorization, ssid, surl, ContactCenterId, X-CSRF-TOKEN';
const EXPOSED_HEADERS = 'X-CSRF-HEADER, X-CSRF-TOKEN';
const METHODS = 'GET, POST, PUT, DELETE, OPTIONS';

export function installCors(app: FastifyInstance, origins: readonly string[]): void {
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
      reply.header('access-control-allow-headers', ALLOWED_HEADERS);
      reply.header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}
