/**
 * The official CometD client (`cometd` + `cometd-nodejs-client`) as tests use it against any
 * Parley (or bare Bayeux) server: one transport at a time, credentials as a real client sends
 * them, and bounded waits.
 */
import { adapt } from 'cometd-nodejs-client';
import { WebSocket } from 'ws';
import { CometD, AckExtension, type Message } from 'cometd';

adapt();

function basic(name: string, password: string): string {
  return 'Basic ' + Buffer.from(`${name}:${password}`).toString('base64');
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
