/**
 * The console (issue 14), served from the API's own origin so the session cookie, the CSRF token
 * and the WebSocket origin check protect it like any client of this server: `/` (sign in),
 * `/agent/`, `/supervisor/`, `/demo/` and the embeddable `/widget.js`, built from web/ by Vite
 * into dist/web (scripts/build-web.mjs). Every file is public; what the screens show comes
 * from the API, which authenticates each request.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** dist/web, both from src/console (tsx) and from dist/console (the build). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The pages' policy: scripts, styles and connections only from this origin (CometD's WebSocket
 * included), no framing (clickjacking an agent's Accept), no plugins.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  // The CometD client keeps its timers in a blob: Worker, which background tabs do not throttle.
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  // The demo shop's own inline <style>; Preact sets styles through the DOM, which CSP allows.
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export async function consoleRoutes(server: FastifyInstance, options: { root?: string } = {}) {
  const root = options.root ?? WEB_ROOT;
  if (!existsSync(root)) {
    server.log.warn({ root }, 'console: not built (npm run build); / answers 404');
    return;
  }
  // `consoleFile` lets the route-driven test suites treat the files as one route (their names
  // change with each build).
  server.addHook(
    'onRoute',
    (route) => void (route.config = { ...route.config, auth: 'public', consoleFile: true }),
  );
  await server.register(fastifyStatic, {
    root,
    // One route per built file, found at start, and /agent/ for /agent/index.html (the server
    // ignores trailing slashes, so /agent too). No wildcard: it would also catch what the API's
    // router refuses (an over-long path parameter, `//api/…`), and those keep their GWS errors.
    wildcard: false,
    index: 'index.html',
    setHeaders: (reply, path) => headers(reply, path),
  });
}

function headers(reply: FastifyReply, path: string): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  if (path.endsWith('.html')) {
    reply.header('content-security-policy', CONSOLE_CSP);
    reply.header('cache-control', 'no-cache');
  } else if (path.includes('/assets/')) {
    reply.header('cache-control', 'public, max-age=31536000, immutable'); // hashed names
  } else {
    reply.header('cache-control', 'no-cache'); // widget.js keeps its name across releases
  }
}
