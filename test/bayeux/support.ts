/**
 * Test fixtures for the Bayeux integration tests: a small fastify app with the Bayeux plugin, an
 * `authenticate` that checks Basic credentials or a JSESSIONID cookie against an in-test table (a
 * stand-in for the REST session service at the auth boundary), the official CometD client adapted
 * to Node, and bounded waits.
 */
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { adapt } from 'cometd-nodejs-client';
import { WebSocket } from 'ws';
import { CometD, AckExtension, type Message } from 'cometd';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { createBayeux, type Bayeux, type BayeuxOptions } from '../../src/bayeux/server.js';
import type { BayeuxLogger } from '../../src/bayeux/logger.js';
import type { BayeuxPrincipal } from '../../src/bayeux/message.js';

adapt();

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

/** Polls `predicate` until it holds; fails after `timeoutMs`. A bounded wait, not a timing assertion. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type TransportType = 'long-polling' | 'websocket';
export type Credentials = { basic: [string, string] } | { cookie: string } | { none: true };

/**
 * The cookie the WebSocket constructor sends (the CometD client cannot pass headers to a
 * WebSocket; browsers send their cookies on the upgrade by themselves).
 */
let webSocketCookie: string | undefined;

class CookieWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, webSocketCookie === undefined ? {} : { headers: { cookie: webSocketCookie } });
  }
}

const window = (globalThis as unknown as { window: { WebSocket: unknown; XMLHttpRequest: unknown } }).window;
window.WebSocket = CookieWebSocket;

/** Lets a test replace the WebSocket class the CometD client uses (e.g. to drop a frame). */
export function useWebSocketClass(webSocketClass: unknown): () => void {
  window.WebSocket = webSocketClass;
  return () => {
    window.WebSocket = CookieWebSocket;
  };
}

/** Lets a test replace the XMLHttpRequest class the CometD client uses. */
export function useXMLHttpRequestClass(replacement: (original: unknown) => unknown): () => void {
  const original = window.XMLHttpRequest;
  window.XMLHttpRequest = replacement(original);
  return () => {
    window.XMLHttpRequest = original;
  };
}

export interface ClientOptions {
  readonly transport: TransportType;
  readonly credentials: Credentials;
  readonly ack?: boolean;
  /** The client's wait for a reply beyond the connect hold (CometD default 10000). */
  readonly maxNetworkDelay?: number;
}

/** A CometD client limited to one transport, with credentials as a real client would send them. */
export function newClient(server: TestServer, options: ClientOptions): CometD {
  const cometd = new CometD();
  if (options.transport === 'long-polling') {
    cometd.unregisterTransport('websocket');
  } else {
    cometd.unregisterTransport('long-polling');
    cometd.unregisterTransport('callback-polling');
  }
  const credentials = options.credentials;
  let url = server.url;
  const requestHeaders: Record<string, string> = {};
  if ('basic' in credentials) {
    const [name, password] = credentials.basic;
    if (options.transport === 'long-polling') requestHeaders.Authorization = basic(name, password);
    // ws turns URL credentials into a Basic Authorization header on the upgrade request.
    else url = url.replace('http://', `http://${name}:${password}@`);
  } else if ('cookie' in credentials && options.transport === 'long-polling') {
    requestHeaders.Cookie = credentials.cookie;
  }
  if (options.transport === 'websocket')
    webSocketCookie = 'cookie' in credentials ? credentials.cookie : undefined;
  cometd.configure({
    url,
    logLevel: 'warn',
    requestHeaders,
    maxNetworkDelay: options.maxNetworkDelay ?? 5000,
    // Retry quickly after a failed connect (CometD default 1000 ms per attempt).
    backoffIncrement: 100,
  });
  if (options.ack === true) cometd.registerExtension('ack', new AckExtension());
  return cometd;
}

export function handshake(cometd: CometD): Promise<Message> {
  return new Promise((resolve) => cometd.handshake((reply) => resolve(reply)));
}

/** Subscribes and collects data messages (a client-side `/**` listener also sees /meta replies). */
export function subscribe(cometd: CometD, channel: string, received: Message[]): Promise<Message> {
  return new Promise((resolve) => {
    const collect = (message: Message) => {
      if (!message.channel.startsWith('/meta/')) received.push(message);
    };
    cometd.subscribe(channel, collect, (reply) => resolve(reply));
  });
}

export function disconnect(cometd: CometD): Promise<void> {
  if (cometd.isDisconnected()) return Promise.resolve();
  return new Promise((resolve) => cometd.disconnect(() => resolve()));
}

export function remoteCall(cometd: CometD, target: string, content: unknown): Promise<Message> {
  return new Promise((resolve) => cometd.remoteCall(target, content, 5000, (reply) => resolve(reply)));
}
