/**
 * CORS for the customer widget, which runs on the company's own site (spec §1.4), through
 * @fastify/cors: only origins in PARLEY_CORS_ORIGINS get CORS headers; preflights are answered for
 * them; the request headers of the GWS CORS configuration (`ContactCenterId`, …) are allowed, plus
 * any a deployment names in PARLEY_CORS_HEADERS (e.g. a widget's `apikey`), and
 * `X-CSRF-HEADER`/`X-CSRF-TOKEN` and `Retry-After` are exposed. Any other origin gets no CORS headers at all, so the
 * browser refuses the response, and its preflight is a 404.
 *
 * An origin named in the list gets its own origin back with credentials (cookies). `*` gives every
 * other origin `Access-Control-Allow-Origin: *` without credentials: anonymous reads only. The same
 * explicit names are the origins trusted on the notifications (src/bayeux/origin.ts); `*` is not.
 */
import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

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
/**
 * spec §1.4: "CORS config exposes `X-CSRF-HEADER,X-CSRF-TOKEN`"; and Retry-After, so a widget on
 * another origin can tell its customer when a full queue or a rate limit may let it in (429).
 */
const EXPOSED_HEADERS = ['X-CSRF-HEADER', 'X-CSRF-TOKEN', 'Retry-After'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

export interface CorsOptions {
  /** Origins allowed to call cross-origin; `*` for any (without credentials). None: no CORS. */
  readonly origins: readonly string[];
  /** Request headers allowed beyond the fixed list (PARLEY_CORS_HEADERS). */
  readonly headers: readonly string[];
}

/** The fixed headers, then the configured ones; a name listed twice (any case) appears once. */
function allowedHeaders(extra: readonly string[]): string[] {
  const listed = new Map<string, string>();
  for (const name of [...FIXED_ALLOWED_HEADERS, ...extra]) {
    if (!listed.has(name.toLowerCase())) listed.set(name.toLowerCase(), name);
  }
  return [...listed.values()];
}

export async function installCors(app: FastifyInstance, { origins, headers }: CorsOptions): Promise<void> {
  if (origins.length === 0) return;
  const common: FastifyCorsOptions = {
    methods: METHODS,
    allowedHeaders: allowedHeaders(headers),
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // An OPTIONS request without Access-Control-Request-Method is answered like a preflight (204),
    // not with the plugin's text/plain 400: every Parley answer is JSON or empty (spec §1.3).
    strictPreflight: false,
  };
  // `origin: true` reflects the request's Origin; the options are chosen per request below.
  const named: FastifyCorsOptions = { ...common, origin: true, credentials: true };
  const anyOrigin: FastifyCorsOptions = { ...common, origin: '*', credentials: false };
  const refused: FastifyCorsOptions = { origin: false };
  const listed = new Set(origins.filter((origin) => origin !== '*'));
  const any = origins.includes('*');

  // The plugin's preflight route must not go through the REST guard (src/auth/guard.ts): a
  // preflight carries no credentials. Marked public as it is added.
  app.addHook('onRoute', (route) => {
    if (route.method === 'OPTIONS' && route.url === '*') route.config = { ...route.config, auth: 'public' };
  });
  // Registered at once, before the guard's hook, so that preflights are answered ahead of it.
  await app.register(cors, {
    hook: 'onRequest',
    delegator: (request, callback) => {
      const origin = request.headers.origin;
      if (origin === undefined) return callback(null, refused);
      if (listed.has(origin)) return callback(null, named);
      callback(null, any ? anyOrigin : refused);
    },
  });
}
