#!/usr/bin/env node
/**
 * The process (`npm start`; `parley-server` in an installed package): loads `.env`, reads config,
 * opens the store (migrations run there; a database a newer Parley migrated is refused),
 * bootstraps an empty store, builds the app, listens — and the metrics listener when configured —
 * and shuts down in order (STYLE.md §2):
 *
 *   1. stop taking work: from the first moment every new request is answered 503 (app.ts), the
 *      port staying open; held long-polls are answered at once with reconnect advice and
 *      WebSockets closed (the Bayeux close); the requests in flight finish (`drain`);
 *   2. close the port, stop the outbox relay and the session sweep, the metrics listener, the bus,
 *      then the store (the SQLite WAL is folded into the database file).
 *
 * close-with-grace runs it on SIGTERM, SIGINT, SIGHUP or SIGQUIT, and on an uncaught exception or
 * unhandled rejection (logged, then the same clean close, exit status 1). A second signal exits at
 * once (status 1); so does a shutdown that outlasts PARLEY_SHUTDOWN_TIMEOUT.
 */
import { existsSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import type { Logger } from 'pino';
import type { App } from './app.js';
import { buildApp } from './app.js';
import { WEB_ROOT } from './console/routes.js';
import { bootstrap } from './accounts/bootstrap.js';
import type { Config } from './config.js';
import { ConfigError, loadConfig, loadEnvFile } from './config.js';
import type { Bus } from './notifications/bus.js';
import { InProcessBus } from './notifications/in-process-bus.js';
import { RedisBus } from './notifications/redis-bus.js';
import { InFlight } from './observability/in-flight.js';
import type { MetricsListener } from './observability/metrics-server.js';
import { listenMetrics } from './observability/metrics-server.js';
import { Metrics } from './observability/metrics.js';
import { openStore } from './store/open-store.js';

/** Signals that mean "stop"; the fault signals (SIGSEGV…) are left to Node, as JS cannot run safely then. */
const NOT_HANDLED = ['SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGUSR2'] as const;

async function main(): Promise<void> {
  const config = configure();
  const logger = pino({ level: config.logLevel });
  const store = await openStore(config.databaseUrl, {
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'store: a PostgreSQL connection failed; reconnecting'),
  });
  const created = await bootstrap({ store, contactCenterId: config.contactCenterId, admin: config.admin });
  if (created) {
    const password = created.admin.generated ? created.admin.password : '(from PARLEY_ADMIN)';
    process.stdout.write(
      `Parley: created contact center ${created.contactCenterId} (features: ${created.features.join(', ')})\n` +
        `Parley: created administrator "${created.admin.userName}" with password ${password}\n` +
        (created.admin.generated ? 'Parley: keep this password; it is shown only once.\n' : ''),
    );
  }
  const bus: Bus = config.redisUrl
    ? await RedisBus.open({ url: config.redisUrl, prefix: config.redisPrefix, logger })
    : new InProcessBus((error) => logger.error({ err: error }, 'bus listener failed'));
  const metrics = config.metrics
    ? new Metrics({
        gauges: store.gauges,
        onError: (error) => logger.warn({ err: error }, 'metrics: a store gauge could not be read'),
      })
    : undefined;
  const app = await buildApp({ config, store, bus, logger, metrics });
  const inFlight = new InFlight(app.server.server);
  metrics?.watchInFlight(() => inFlight.count);
  // A root preClose hook runs once every new request is answered 503 (app.ts), before the port closes.
  app.server.addHook('preClose', () => drain(app, inFlight, config.shutdownTimeoutMs / 2, logger));

  let metricsListener: MetricsListener | undefined;
  const shutdown = async () => {
    await step(logger, 'server', () => app.server.close());
    await step(logger, 'metrics listener', async () => metricsListener?.close());
    await step(logger, 'bus', () => bus.close());
    await step(logger, 'store', () => store.close());
  };
  handleStop(config, logger, shutdown);

  try {
    await app.server.listen({ port: config.port, host: config.host });
    process.stdout.write(`Parley: listening on http://${config.host}:${port(app)}\n`);
    const site = config.publicUrl ?? `http://${config.host}:${port(app)}`;
    // The demo shop's widget names no contact center: it needs PARLEY_DEFAULT_CONTACT_CENTER.
    const demo = config.defaultContactCenterId
      ? `widget demo ${site}/demo/`
      : 'widget demo at /demo/ with PARLEY_DEFAULT_CONTACT_CENTER set';
    process.stdout.write(
      existsSync(WEB_ROOT)
        ? `Parley: console at ${site}/ (agent desk ${site}/agent/, supervisor console ${site}/supervisor/, ${demo})\n`
        : 'Parley: the console is not built (npm run build)\n',
    );
    if (metrics && config.metrics) {
      metricsListener = await listenMetrics({
        metrics,
        ...config.metrics,
        onError: (error) => logger.error({ err: error }, 'metrics: scrape failed'),
      });
      process.stdout.write(`Parley: metrics on ${metricsListener.url}\n`);
    }
  } catch (error) {
    await shutdown(); // e.g. a port in use: the store still closes cleanly
    throw error;
  }
}

/** `.env`, then the configuration; a bad one stops the start with its list of problems. */
function configure(): Config {
  try {
    loadEnvFile();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/** Runs `shutdown` on a stop signal or a crash (see the top of this file). */
function handleStop(config: Config, logger: Logger, shutdown: () => Promise<void>): void {
  closeWithGrace(
    {
      delay: config.shutdownTimeoutMs,
      logger: false,
      skip: [...NOT_HANDLED],
      onSecondSignal: (signal) => logger.warn({ signal }, 'second signal while shutting down: exiting now'),
      onSecondError: (error) =>
        logger.fatal({ err: error }, 'another crash while shutting down: exiting now'),
      onTimeout: (delay) => logger.error({ timeoutMs: delay }, 'shutdown took too long: exiting now'),
    },
    async ({ signal, err }) => {
      if (err) logger.fatal({ err }, 'crashed; shutting down');
      else logger.info({ signal }, 'shutting down');
      await shutdown();
      logger.info('stopped');
    },
  );
}

/**
 * preClose: held long-polls answered (reconnect advice) and WebSockets closed, then the requests
 * in flight finished. Those still running after `boundMs` lose their connection, so that the
 * store is still closed cleanly before the shutdown timeout.
 */
async function drain(app: App, inFlight: InFlight, boundMs: number, logger: Logger): Promise<void> {
  await app.bayeux.close();
  if (await inFlight.settled(boundMs)) return;
  logger.warn(
    { requests: inFlight.count },
    'shutting down: requests still running; closing their connections',
  );
  app.server.server.closeAllConnections();
}

/** One shutdown step; a failing step is logged and the next ones still run. */
async function step(logger: Logger, what: string, close: () => Promise<unknown>): Promise<void> {
  try {
    await close();
  } catch (error) {
    logger.error({ err: error }, `shutting down: closing the ${what} failed`);
  }
}

function port(app: Awaited<ReturnType<typeof buildApp>>): number {
  const address = app.server.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `parley: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
