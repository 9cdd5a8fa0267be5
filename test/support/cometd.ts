/**
 * The official CometD client (`cometd` + `cometd-nodejs-client`) as tests use it against any
 * Parley (or bare Bayeux) server: one transport at a time, credentials as a real client sends
 * them, and bounded waits.
 */
import { adapt } from 'cometd-nodejs-client';
import { WebSocket } from 'ws';
import { CometD, AckExtension, type Message } from 'cometd';

/**
 * Cookie jars per client, as separate browsers have: a client made with `pin` (a cluster test's
 * `PARLEY_NODE=n2`, test/support/cluster.ts) names its jar in its URL (`?cookieJar=n`), and
 * cookies the server or the balancer sets on its requests stay in that jar. Other clients share
 * one jar per host name, as cometd-nodejs-client does by default.
 */
const jars = new Map<string, Map<string, string>>();
let jarCount = 0;

function jarOf(url: URL): Map<string, string> {
  const id = url.searchParams.get('cookieJar') ?? `host:${url.hostname}`;
  let jar = jars.get(id);
  if (jar === undefined) {
    jar = new Map();
    jars.set(id, jar);
  }
  return jar;
}

function keep(jar: Map<string, string>, setCookie: string): void {
  const pair = setCookie.split(';', 1)[0]?.trim() ?? '';
  const equals = pair.indexOf('=');
  if (equals > 0) jar.set(pair.slice(0, equals), pair);
}

adapt({
  cookies: {
    storeCookie: (uri: URL, header, callback) => {
      keep(jarOf(uri), header);
      callback(null, undefined);
    },
    retrieveCookies: (_context, uri: URL, callback) => callback(null, [...jarOf(uri).values()]),
  },
});

/** The cookies of a pinned client's jar (`Cookie` header form), e.g. to see where it is now. */
export function jarCookies(client: CometD): string {
  const url = new URL((client.getURL() ?? '').replace(/^ws/, 'http'));
  return [...jarOf(url).values()].join('; ');
}

function basic(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
}

export { waitFor } from './wait.js';

export type TransportType = 'long-polling' | 'websocket';
export type Credentials = { basic: [string, string] } | { cookie: string } | { none: true };

/**
 * The cookie the WebSocket constructor sends (the CometD client cannot pass headers to a
 * WebSocket; browsers send their cookies on the upgrade by themselves).
 */
let webSocketCookie: string | undefined;

class CookieWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    const pinned = new URL(url).searchParams.has('cookieJar') ? [...jarOf(new URL(url)).values()] : [];
    const cookies = [...pinned, ...(webSocketCookie === undefined ? [] : [webSocketCookie])];
    super(url, protocols, cookies.length === 0 ? {} : { headers: { cookie: cookies.join('; ') } });
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
  /** A cookie its own jar starts with, e.g. `PARLEY_NODE=n2` to pin it to a node behind HAProxy. */
  readonly pin?: string;
}

/** A CometD client limited to one transport, with credentials as a real client would send them. */
export function newClient(server: { readonly url: string }, options: ClientOptions): CometD {
  const cometd = new CometD();
  if (options.transport === 'long-polling') {
    cometd.unregisterTransport('websocket');
  } else {
    cometd.unregisterTransport('long-polling');
    cometd.unregisterTransport('callback-polling');
  }
  const credentials = options.credentials;
  let url = server.url;
  if (options.pin !== undefined) {
    url += `${url.includes('?') ? '&' : '?'}cookieJar=${++jarCount}`;
    keep(jarOf(new URL(url)), options.pin);
  }
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
