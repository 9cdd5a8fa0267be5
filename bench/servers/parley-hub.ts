/**
 * Parley's Bayeux hub alone, for the fan-out and latency benchmarks: a fastify app with
 * `createBayeux` (both transports, default settings) and an in-process bus, no database. The
 * authenticator maps a Basic user name to a principal without checking a password — fine for
 * measuring the hub; the idle-memory benchmark runs the real server (dist/main.js) instead.
 *
 * `POST /bench/publish` (servers/control.ts) publishes each notification once, addressed to every
 * subscriber's user: `publishNotification(bus, {userIds: [all], channel: '/v2/me/chats', data})`.
 *
 *   node --import tsx bench/servers/parley-hub.ts   → "parley-hub: listening on http://127.0.0.1:<port>"
 */
import { publishNotification } from '../../src/notifications/announcement.js';
import Fastify from 'fastify';
import { createBayeux } from '../../src/bayeux/server.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { benchChannel, benchUserId } from '../support/payload.js';
import { announce, exitWithBench, parsePublishRequest, publishLoop } from './control.js';

function basicUserName(authorization: string | undefined): string | null {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (match?.[1] === undefined) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? decoded.slice(0, colon) : null;
}

const report = (fields: object, message: string): void => {
  process.stderr.write(`${message} ${JSON.stringify(fields)}\n`);
};
const logger = { debug: () => {}, warn: report, error: report };

const bus = new InProcessBus((error) => report({ error: String(error) }, 'bus listener failed'));
const bayeux = createBayeux({
  bus,
  logger,
  authenticate: async (headers) => {
    const userId = basicUserName(headers.authorization);
    return userId === null ? null : { userId, contactCenterId: 'bench' };
  },
});

/** The user ids of the first n subscribers, built once per size. */
const audiences = new Map<number, readonly string[]>();
function audience(subscribers: number): readonly string[] {
  let userIds = audiences.get(subscribers);
  if (userIds === undefined) {
    userIds = Array.from({ length: subscribers }, (_, index) => benchUserId(index));
    audiences.set(subscribers, userIds);
  }
  return userIds;
}

const app = Fastify({ logger: false });
await app.register(bayeux.plugin);
app.post('/bench/publish', async (request) =>
  publishLoop(parsePublishRequest(request.body), (data, subscribers) =>
    publishNotification(bus, { userIds: audience(subscribers), channel: benchChannel, data }),
  ),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
announce('parley-hub', typeof address === 'object' && address !== null ? address.port : 0);
exitWithBench(() => app.close());
