/**
 * The composition root (STYLE.md §2): `buildApp(deps)` wires every feature from plain arguments
 * and returns an unstarted fastify server. Only src/main.ts reads config, opens the store,
 * listens and shuts down.
 */
import { randomBytes } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { contactCenterRoutes } from './accounts/contact-centers/routes.js';
import { ContactCenterService } from './accounts/contact-centers/service.js';
import { userRoutes } from './accounts/users/routes.js';
import { UserService } from './accounts/users/service.js';
import type { Principal } from './auth/authenticator.js';
import { Authenticator } from './auth/authenticator.js';
import { clientAddressOf } from './auth/source.js';
import { installGuard } from './auth/guard.js';
import { sessionRoutes } from './auth/routes.js';
import { SessionSweep } from './auth/session-sweep.js';
import type { Clock } from './clock.js';
import { clockWithNow, systemClock } from './clock.js';
import type { Config } from './config.js';
import { healthRoutes } from './health/routes.js';
import { installBodyParsing } from './http/body-parsing.js';
import { installCors } from './http/cors.js';
import { ENVELOPE_SERVER_OPTIONS, installEnvelope, sendError } from './http/envelope.js';
import { installPathParameterCheck } from './http/path-parameters.js';
import { createValidatorCompiler, toDomainError } from './http/validation.js';
import { meRoutes } from './me/routes.js';
import { Presence } from './agents/presence.js';
import { presenceRoutes } from './agents/routes.js';
import { directoryRoutes } from './agents/directory.js';
import { Announcer } from './notifications/announcer.js';
import { OutboxRelay } from './notifications/outbox-relay.js';
import { ChatEngine } from './chats/engine.js';
import { presentChat } from './chats/present.js';
import { chatRoutes } from './chats/routes.js';
import { ChatService } from './chats/service.js';
import { customerRoutes } from './customer/routes.js';
import { tokenBuckets } from './customer/limits.js';
import { CustomerChats } from './customer/service.js';
import type { Links } from './http/links.js';
import { Router } from './routing/router.js';
import { supervisionRoutes } from './supervision/routes.js';
import { Supervision } from './supervision/service.js';
import { Board } from './supervision/board.js';
import { consoleRoutes } from './console/routes.js';
import type { Bayeux } from './bayeux/server.js';
import { createBayeux } from './bayeux/server.js';
import { DomainError } from './errors.js';
import type { Audience, Bus, Signal } from './notifications/bus.js';
import { supervisorsOf } from './notifications/bus.js';
import type { User } from './accounts/records.js';
import { hasRole } from './accounts/roles.js';
import type { Metrics } from './observability/metrics.js';
import { observeRequests } from './observability/requests.js';
import { lazyChildLogger } from './observability/lazy-child-logger.js';
import type { Store } from './store/store.js';
import { VERSION } from './version.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly bus: Bus;
  /** A pino logger, or false for none (tests). */
  readonly logger: FastifyBaseLogger | false;
  /** Everything time-driven goes by it (STYLE.md §19; clock.ts). Default the system clock. */
  readonly clock?: Clock;
  /** The older form: the system clock's timers with this idea of now. Ignored with `clock`. */
  readonly now?: () => number;
  /** Names this node in announcement keys (default: random). */
  readonly nodeId?: string;
  /** Prometheus metrics (observability/metrics.ts); none counted when absent. */
  readonly metrics?: Metrics;
}

export interface App {
  readonly server: FastifyInstance;
  readonly authenticator: Authenticator;
  readonly users: UserService;
  readonly contactCenters: ContactCenterService;
  readonly presence: Presence;
  readonly router: Router;
  readonly bayeux: Bayeux;
  readonly chats: ChatService;
  readonly customers: CustomerChats;
  readonly supervision: Supervision;
}

const BODY_LIMIT = 128 * 1024;

export async function buildApp(deps: AppDeps): Promise<App> {
  const { config, store } = deps;
  const clock = deps.clock ?? (deps.now ? clockWithNow(deps.now) : systemClock);
  const now = () => clock.now();
  const server = Fastify({
    // Router errors and requests Node cannot parse, in the GWS envelope too (http/envelope.ts).
    ...ENVELOPE_SERVER_OPTIONS,
    ...(deps.logger
      ? { loggerInstance: deps.logger, childLoggerFactory: lazyChildLogger }
      : { logger: false }),
    bodyLimit: BODY_LIMIT,
    // `/api/v2/chats/` is `/api/v2/chats` (spec §1.1 paths; GWS clients append slashes). Fastify 5
    // takes router settings under routerOptions; the top-level option is deprecated (FSTDEP022).
    routerOptions: { ignoreTrailingSlash: true },
    // A request that arrives while closing is answered 503 in the GWS envelope (below).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // request.ip (the per-source RequestChat limit) comes from X-Forwarded-For only when the
    // peer is a configured proxy: anyone can write that header (config.ts trustedProxies).
    trustProxy: config.trustedProxies.length > 0 ? [...config.trustedProxies] : false,
    // A log line per request pair is costly on hot paths; failures are logged by the error handler.
    // LOG_LEVEL=debug or trace brings the request lines back.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  server.setValidatorCompiler(createValidatorCompiler());
  server.setSchemaErrorFormatter((errors, part) => toDomainError(errors, part));
  installEnvelope(server);
  answerUnavailableWhileClosing(server);
  observeRequests(server, {
    metrics: deps.metrics,
    logger: deps.logger || undefined,
    summaryMs: config.requestSummaryMs,
  });
  installBodyParsing(server);
  installPathParameterCheck(server);
  await installCors(server, { origins: config.corsOrigins, headers: config.corsHeaders });

  await server.register(swagger, {
    openapi: {
      info: {
        title: 'Parley',
        version: VERSION,
        description:
          'Genesys Web Services (GWS 8.5) API v2 compatible chat server. Parley extensions live under /parley/v1.',
      },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' } } },
      security: [{ basic: [] }],
    },
  });

  const { bus } = deps;
  const authenticator = new Authenticator({ store, now });
  const sessionSweep = new SessionSweep({
    authenticator,
    clock,
    onError: (error) => server.log.warn({ err: error }, 'session sweep'),
  });
  server.addHook('onReady', async () => sessionSweep.start());
  server.addHook('preClose', async () => sessionSweep.stop());
  // Cached accounts are dropped here at once and, through the bus, on every other node.
  const signal = (s: Signal) => {
    bus.signal(s).catch((error: unknown) => server.log.warn({ err: error }, 'bus: signal not sent'));
  };
  bus.onSignal((s) => {
    if (s.kind === 'UserChanged') authenticator.forgetUser(s.userId);
    else authenticator.forgetContactCenter(s.contactCenterId);
  });
  const users = new UserService({
    store,
    forgetUser: (userId) => {
      authenticator.forgetUser(userId);
      signal({ kind: 'UserChanged', userId });
    },
    now,
  });
  const contactCenters = new ContactCenterService({
    store,
    forgetContactCenter: (contactCenterId) => {
      authenticator.forgetContactCenter(contactCenterId);
      signal({ kind: 'ContactCenterChanged', contactCenterId });
    },
    now,
  });
  const secureCookie = config.publicUrl?.startsWith('https:') ?? false;
  installGuard(server, { authenticator, csrf: config.csrf, secureCookie });

  await server.register(healthRoutes, { store, bus, version: VERSION });
  const announcer = new Announcer({
    store,
    bus,
    logger: server.log,
    nodeId: deps.nodeId ?? randomBytes(4).toString('hex'),
    now,
  });
  if (bus.shared) {
    const relay = new OutboxRelay({ store, bus, announcer, logger: server.log, clock });
    server.addHook('onReady', async () => relay.start());
    server.addHook('onClose', async () => {
      await relay.stop();
      await announcer.settle();
    });
  }
  const engine = new ChatEngine({
    store,
    announcer,
    links: notificationLinks(server, config),
    now,
    onRoutingWork: (id) => void router.kick(id),
    metrics: deps.metrics?.chats,
  });
  const router: Router = new Router({
    store,
    engine,
    onError: (error) => server.log.error({ err: error }, 'routing'),
    metrics: deps.metrics?.routing,
    clock,
  });
  server.addHook('onReady', async () => router.start());
  server.addHook('preClose', async () => router.stop());
  const presence = new Presence({ store, announcer, now, onReady: (id) => void router.kick(id) });
  const chats = new ChatService(store, engine);
  const supervision = new Supervision({ store, engine, now });
  const customers = new CustomerChats({
    store,
    engine,
    announcer,
    now,
    onQueued: (id) => void router.kick(id),
  });
  await server.register(meRoutes, {
    publicUrl: config.publicUrl,
    // spec §1.1: the sub-resources a GWS desktop asks for (a real one sends
    // features,devices,channels,settings). Parley serves chat only: no voice devices.
    subresources: {
      features: (principal) => Promise.resolve([...principal.contactCenter.features]),
      devices: () => Promise.resolve([]),
      settings: (principal) => Promise.resolve({ ...principal.contactCenter.settings }),
      channels: (principal) => presence.channelsOf(principal.user.id),
      chats: async (principal, links) =>
        (await chats.list(principal.user)).map((v) => presentChat(v.chat, v.caller, v.parties, links)),
    },
  });
  // Other nodes drop their cached copy of the user's sessions; the store no longer has this one.
  const endSession = async (principal: Principal): Promise<void> => {
    await authenticator.endSession(principal.session);
    signal({ kind: 'UserChanged', userId: principal.user.id });
  };
  await server.register(presenceRoutes, { presence, endSession, secureCookie });
  await server.register(directoryRoutes, { store, publicUrl: config.publicUrl });
  await server.register(chatRoutes, { chats, publicUrl: config.publicUrl });
  // Only routes whose config names a limit are limited (customer/limits.ts: RequestChat).
  await server.register(rateLimit, { global: false, store: tokenBuckets(now) });
  await server.register(customerRoutes, {
    customers,
    defaultContactCenterId: config.defaultContactCenterId,
    requestChatLimits: config.requestChatLimits,
  });
  await server.register(supervisionRoutes, {
    supervision,
    board: new Board({ store, now }),
  });

  // spec §5: CometD at /api/v2/notifications, authenticated like REST (cookie or Basic), for
  // pages of this server's own origin and of the explicit CORS origins only (bayeux/origin.ts).
  const bayeux = createBayeux({
    bus,
    logger: server.log,
    trustedOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    clock,
    // The client address, for the failed-login throttle: on a WebSocket upgrade as fastify's
    // request.ip would be (the same trusted proxies).
    clientAddress: clientAddressOf(config.trustedProxies),
    authenticate: async (headers, client) => {
      try {
        const { user, contactCenter } = await authenticator.authenticate(headers, client);
        return { userId: user.id, contactCenterId: contactCenter.id, audiences: audiencesOf(user) };
      } catch (error) {
        if (error instanceof DomainError) return null;
        throw error;
      }
    },
  });
  await server.register(bayeux.plugin);
  // A supervisor who loses the role (or is disabled, or deleted) stops receiving the board at
  // once on every node; a role granted takes effect at the next handshake.
  bus.onSignal((s) => {
    if (s.kind !== 'UserChanged') return;
    store.users.get(s.userId).then(
      (user) => bayeux.hub.restrictAudiences(s.userId, user?.enabled ? audiencesOf(user) : []),
      (error: unknown) => server.log.warn({ err: error }, 'bayeux: audiences not rechecked'),
    );
  });
  deps.metrics?.watchHub(bayeux.hub);
  await server.register(userRoutes, { users, publicUrl: config.publicUrl });
  await server.register(contactCenterRoutes, { contactCenters });
  await server.register(sessionRoutes, { secureCookie, endSession });
  server.get('/api/v2/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () =>
    server.swagger(),
  );
  // The same document, browsable at /api/v2/docs (public; swagger-ui's own bundled assets, no CDN).
  await server.register(async (docs) => {
    docs.addHook('onRoute', (route) => void (route.config = { ...route.config, auth: 'public' }));
    await docs.register(swaggerUi, { routePrefix: '/api/v2/docs', staticCSP: DOCS_CSP });
  });

  // The console: dist/web, public files on this origin (console/routes.ts).
  await server.register(consoleRoutes);

  return {
    server,
    authenticator,
    users,
    contactCenters,
    presence,
    router,
    bayeux,
    chats,
    customers,
    supervision,
  };
}

/** The audiences whose notifications a user's Bayeux sessions receive (notifications/bus.ts). */
function audiencesOf(user: User): Audience[] {
  return hasRole(user, 'ROLE_SUPERVISOR') ? [supervisorsOf(user.contactCenterId)] : [];
}

/** Self only (no CDN, no validator badge); no upgrade-insecure-requests, which breaks plain http. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'self'";

/**
 * While the server closes (main.ts keeps the port open until the requests in flight are done),
 * every new request is answered 503 with statusCode 4 in the GWS envelope and `Connection: close`
 * — fastify's own 503 body is not a GWS one — before authentication or any other work.
 */
function answerUnavailableWhileClosing(server: FastifyInstance): void {
  let closing = false;
  server.addHook('preClose', async () => void (closing = true));
  // A callback hook: no promise per request on the hot path. Answering ends the request here.
  server.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close').header('retry-after', '1');
    sendError(reply, new DomainError('Unavailable', 'The server is shutting down'));
  });
}

/**
 * Links in notifications, which have no request: PUBLIC_URL, else the address the server listens
 * on (looked up once it listens, then kept).
 */
function notificationLinks(server: FastifyInstance, config: Config): () => Links {
  const linksTo = (base: string): Links => {
    const prefix = `${base}/api/v2`;
    return (path) => prefix + path;
  };
  let links = config.publicUrl ? linksTo(config.publicUrl) : undefined;
  return () => {
    if (links) return links;
    const address = server.server.address();
    if (typeof address !== 'object' || !address) return linksTo('http://localhost');
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    links = linksTo(`http://${host}:${address.port}`);
    return links;
  };
}
