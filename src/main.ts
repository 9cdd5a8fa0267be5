/**
 * The process: reads config, opens the store (migrations run there), bootstraps an empty store,
 * builds the app, listens, and shuts down in order on SIGTERM/SIGINT: stop accepting and finish
 * in-flight requests (held long-polls are released by the app's close hooks), then close the bus
 * and the store (STYLE.md §2).
 */
import pino from 'pino';
import { buildApp } from './app.js';
import { bootstrap } from './accounts/bootstrap.js';
import { ConfigError, loadConfig } from './config.js';
import type { Bus } from './notifications/bus.js';
import { InProcessBus } from './notifications/in-process-bus.js';
import { RedisBus } from './notifications/redis-bus.js';
import { openStore } from './store/open-store.js';

const SESSION_SWEEP_MS = 10 * 60_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
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
  const app = await buildApp({ config, store, bus, logger });
  const sweep = setInterval(() => {
    app.authenticator
      .sweepExpiredSessions()
      .catch((error: unknown) => logger.warn({ err: error }, 'session sweep'));
  }, SESSION_SWEEP_MS);
  sweep.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(sweep);
    await app.server.close();
    await bus.close();
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));

  await app.server.listen({ port: config.port, host: config.host });
  process.stdout.write(`Parley: listening on http://${config.host}:${port(app)}\n`);
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
