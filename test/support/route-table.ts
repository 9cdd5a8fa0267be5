/**
 * The app's own route table, read while buildApp builds it: every route with its method, URL
 * pattern, config (auth, roles, feature) and schema — hidden ones (Bayeux, the CORS preflight),
 * fastify's automatic HEAD routes and routes without a schema included. Nothing in src/ is
 * touched: fastify publishes each new instance on the `fastify.initialization` diagnostics
 * channel before anything is registered on it (fastify docs, Hooks → Diagnostics Channel), and an
 * `onRoute` hook added there sees every route registered afterwards. So a route added to src/
 * appears here, and in every suite built on this table, without a test edit.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import type { TestApp } from './app.js';
import { startTestApp } from './app.js';

export interface RouteEntry {
  readonly method: string;
  /** The pattern as registered, e.g. `/api/v2/me/chats/:chatId`. */
  readonly url: string;
  /** `${method} ${url}`: the key the route-driven suites use. */
  readonly key: string;
  readonly auth: 'user' | 'public';
  readonly roles: readonly string[];
  readonly schema: FastifySchema & { readonly hide?: boolean };
  /** Path parameter names, from the pattern (`*` included). */
  readonly params: readonly string[];
}

/** The route-table entry standing for every file of the console. */
export const CONSOLE_FILES = '/{console file}';

const tables = new WeakMap<object, RouteOptions[]>();
let recording = false;

/** Starts recording the routes of every fastify instance created from now on, in this process. */
function record(): void {
  if (recording) return;
  recording = true;
  subscribe('fastify.initialization', (message) => {
    const { fastify } = message as { fastify: FastifyInstance };
    const routes: RouteOptions[] = [];
    tables.set(fastify, routes);
    // Kept as the objects fastify passes: later onRoute hooks (cors.ts marks OPTIONS public) edit them.
    fastify.addHook('onRoute', (route) => void routes.push(route));
  });
}

function paramsOf(url: string): string[] {
  const names = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  return url.includes('*') ? [...names, '*'] : names;
}

/** The recorded table of a server, one entry per method, sorted by key. */
export function routeTableOf(server: FastifyInstance): RouteEntry[] {
  const routes = tables.get(server);
  if (!routes) throw new Error('routes were not recorded: build the app through startRecordedApp()');
  const seen = new Set<string>();
  const entries = routes.flatMap((route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const config = (route.config ?? {}) as {
      auth?: 'user' | 'public';
      roles?: readonly string[];
      consoleFile?: boolean;
    };
    // The console's files (src/console/routes.ts) are one entry: their names change each build.
    const url = config.consoleFile ? CONSOLE_FILES : route.url;
    return methods.flatMap((method): RouteEntry[] => {
      const key = `${method} ${url}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          method,
          url,
          key,
          auth: config.auth ?? 'user',
          roles: config.roles ?? [],
          schema: (route.schema ?? {}) as RouteEntry['schema'],
          params: paramsOf(url),
        },
      ];
    });
  });
  return entries.sort((a, b) => a.key.localeCompare(b.key));
}

/** startTestApp, with the route table recorded as the app registered it. */
export async function startRecordedApp(
  options: Parameters<typeof startTestApp>[0] = {},
): Promise<{ t: TestApp; routes: RouteEntry[] }> {
  record();
  const t = await startTestApp(options);
  return { t, routes: routeTableOf(t.app.server) };
}
