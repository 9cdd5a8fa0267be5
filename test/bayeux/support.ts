/**
 * Test fixtures for the Bayeux integration tests: a small fastify app with the Bayeux plugin, an
 * `authenticate` that checks Basic credentials or a JSESSIONID cookie against an in-test table (a
 * stand-in for the REST session service at the auth boundary), the official CometD client adapted
 * to Node, and bounded waits.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { createBayeux, type Bayeux, type BayeuxOptions } from '../../src/bayeux/server.js';
import type { BayeuxLogger } from '../../src/bayeux/logger.js';
import type { BayeuxPrincipal } from '../../src/bayeux/message.js';
import { waitFor } from '../support/cometd.js';

interface User {
  readonly password: string;
  readonly sessionId: string;
  readonly principal: BayeuxPrincipal;
}

export const users: Readonly<Record<string, User>> = {
  alice: {
    password: 'alice-pw',
    sessionId: 'sid-alice',
    principal: { userId: 'u-alice', contactCenterId: 'cc-1' },
  },
  bob: { password: 'bob-pw', sessionId: 'sid-bob', principal: { userId: 'u-bob', contactCenterId: 'cc-1' } },
};

/** The auth-boundary fixture: Basic `name:password` or `Cookie: JSESSIONID=<sessionId>`. */
export async function authenticate(headers: IncomingHttpHeaders): Promise<BayeuxPrincipal | null> {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Basic ')) {
    const [name = '', password] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
    const user = users[name];
    return user !== undefined && user.password === password ? user.principal : null;
  }
  const sessionId = /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(headers.cookie ?? '')?.[1];
  return Object.values(users).find((user) => user.sessionId === sessionId)?.principal ?? null;
}

export function basic(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
}

export interface LogEntry {
  readonly level: 'debug' | 'warn' | 'error';
  readonly message: string;
  readonly fields: object;
}

export function recordingLogger(): BayeuxLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: object, message: string) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: at('debug'), warn: at('warn'), error: at('error') };
}

export interface TestServer {
  readonly app: FastifyInstance;
  readonly bayeux: Bayeux;
  readonly bus: InProcessBus;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(
  options: Partial<Omit<BayeuxOptions, 'bus' | 'logger'>> & { port?: number } = {},
): Promise<TestServer> {
  const { port: wanted = 0, ...bayeuxOptions } = options;
  const bus = new InProcessBus();
  const logger = recordingLogger();
  const bayeux = createBayeux({ bus, logger, authenticate, timeoutMs: 5000, ...bayeuxOptions });
  const app = Fastify({ logger: false });
  // Stand-ins for the app's own REST behaviour, which must not leak into the Bayeux routes.
  app.setErrorHandler((_error, _request, reply) =>
    reply.code(500).send({ statusCode: 4, statusMessage: 'REST' }),
  );
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, _body, done) =>
    done(null, 'REST'),
  );
  await app.register(bayeux.plugin);
  await app.listen({ host: '127.0.0.1', port: wanted });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : wanted;
  return {
    app,
    bayeux,
    bus,
    logger,
    port,
    url: `http://127.0.0.1:${port}/api/v2/notifications`,
    close: async () => {
      await app.close();
      await bus.close();
    },
  };
}

/** A message of a raw frame, as the raw tests read it. */
export type RawReply = Record<string, unknown>;

export interface RawSocket {
  readonly socket: WebSocket;
  /** Every frame received so far, parsed. */
  readonly frames: RawReply[][];
  /** Resolves with the close code. */
  readonly closed: Promise<number>;
}

/** A raw WebSocket to the notifications path that collects the parsed frames it receives. */
export async function openSocket(
  server: TestServer,
  headers: Record<string, string> = { authorization: basic('alice', 'alice-pw') },
): Promise<RawSocket> {
  const socket = new WebSocket(server.url.replace('http://', 'ws://'), { headers });
  const frames: RawReply[][] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed };
}

/** Sends a frame and resolves with the next frame received. */
export async function exchange(connection: RawSocket, frame: string): Promise<RawReply[]> {
  const before = connection.frames.length;
  connection.socket.send(frame);
  await waitFor(() => connection.frames.length > before, 5000, 'a reply frame');
  return connection.frames[before] ?? [];
}

export * from '../support/cometd.js';
