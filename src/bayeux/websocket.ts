/**
 * WebSocket transport (CometD "websocket" connection type; spec §5.1) on the HTTP server's
 * `upgrade` event for the notifications path. Each text frame is a batch; each batch's response
 * (a /meta/connect's when it is answered) goes back as one frame.
 *
 * An upgrade from a browser page whose Origin is not admitted (origin.ts; spec §1.4, §5.1) is
 * answered 403 before any upgrade or authentication: the browser sends the agent's cookie (or cached
 * Basic credentials) on a cross-origin upgrade and the same-origin policy does not apply to
 * WebSockets. Its client falls back to long-polling, where the handshake fails the same way.
 *
 * The upgrade request is authenticated once (cookie or Basic, like REST). A socket whose upgrade did
 * not authenticate is still accepted: its /meta/handshake is then refused with
 * `403::Authentication failed` and `advice.reconnect = "none"`, which the CometD client reports to
 * the application and stops on; refusing the upgrade itself would only make the client fall back to
 * long-polling and fail there. A failing authenticator (not a refusal) answers the upgrade 503.
 *
 * Frames above maxMessageBytes get a 413 Bayeux error frame; frames above 4 × maxMessageBytes are
 * not buffered at all: `ws` closes the socket with 1009 (message too big).
 *
 * Each socket can push (push.ts): a session whose /meta/connect came on it gets its messages as
 * frames of their own, as soon as they are published, while the connect stays held; the official
 * client dispatches every message it receives on the socket (cometd WebSocketTransport `#onMessage`
 * → Client `#handleMessages`), whatever frame it came in. A socket that still buffers more than
 * maxBufferedBytes when a frame is due belongs to a slow consumer: the frame is not sent and the hub
 * ends the session as on queue overflow (hub.ts). The socket stays open; the client reads the
 * overflow reply to its held connect after its backlog, and re-handshakes.
 *
 * An idle socket is most of what an idle session costs (15,000 of them are the target, README
 * P4), so a socket is one object: ws builds it as a `BayeuxSocket` (its server's `WebSocket`
 * option), which is also the context of every batch that comes on it, and its listeners are
 * functions shared by all sockets (`this` is the socket) — no closure per event, no context
 * object, no EventEmitter `once` wrapper, and no ws client tracking (a closure per socket too).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Respond } from './connect.js';
import { decodeBatch, tooLargeResponse } from './decode.js';
import { Hangup } from './hangup.js';
import type { BayeuxLogger } from './logger.js';
import type { BayeuxPrincipal } from './message.js';
import type { AdmitOrigin } from './origin.js';
import type { BayeuxContext, BayeuxProtocol } from './protocol.js';
import type { Push } from './push.js';
import type { Authenticate } from './routes.js';

export interface WebSocketOptions {
  readonly server: Server;
  readonly protocol: BayeuxProtocol;
  readonly authenticate: Authenticate;
  /** The client address of an upgrade request, as fastify's `request.ip` would say (server.ts). */
  readonly clientAddress?: (request: IncomingMessage) => string | undefined;
  readonly admitOrigin: AdmitOrigin;
  readonly logger: BayeuxLogger;
  readonly path: string;
  readonly maxMessageBytes: number;
  /** A socket buffering more than this, unsent, when a push is due is a slow consumer. */
  readonly maxBufferedBytes: number;
}

export interface WebSocketTransport {
  /** Stops accepting upgrades, closes every socket (1001) and waits for them, at most graceMs. */
  close(graceMs?: number): Promise<void>;
}

/** What all the sockets of one transport share. */
interface SocketSettings {
  readonly protocol: BayeuxProtocol;
  readonly logger: BayeuxLogger;
  readonly maxMessageBytes: number;
  readonly maxBufferedBytes: number;
  /** The sockets served and not yet closed, for `close`. */
  readonly open: Set<BayeuxSocket>;
}

function isBayeuxPath(url: string | undefined, path: string): boolean {
  const pathname = (url ?? '').split('?', 1)[0] ?? '';
  return pathname === path || pathname.startsWith(path + '/');
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  // Node removed its own error listener when it handed the socket to the upgrade event.
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function byteLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((sum, chunk) => sum + chunk.length, 0) : data.byteLength;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

const textFrame = { binary: false } as const;

/** Pushes on one socket; `bufferedAmount` is what `ws` and the socket hold, not yet written. */
class SocketPush implements Push {
  constructor(private readonly socket: BayeuxSocket) {}

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: Buffer): boolean {
    if (this.socket.bufferedAmount > this.socket.settings.maxBufferedBytes) return false;
    this.socket.send(frame, textFrame);
    return true;
  }
}

/** A socket of the notifications path, and the context of the batches that come on it. */
class BayeuxSocket extends WebSocket implements BayeuxContext {
  /** Set by `serve`, which ws calls as soon as it has built the socket, before any event. */
  settings!: SocketSettings;
  /** Who the upgrade authenticated; undefined when it did not (the handshake is then refused). */
  principal: BayeuxPrincipal | undefined;
  readonly hangup = new Hangup();
  readonly push: Push = new SocketPush(this);
  /** Where each batch's response goes (protocol.ts `receive`): one function per socket. */
  readonly respond: Respond = (body) => {
    if (body !== '' && this.readyState === WebSocket.OPEN) this.send(body);
  };

  serve(settings: SocketSettings, principal: BayeuxPrincipal | undefined): void {
    this.settings = settings;
    this.principal = principal;
    settings.open.add(this);
    // Methods, not closures: an EventEmitter calls its listeners with `this` set to itself.
    this.on('message', this.handleFrame);
    this.on('close', this.handleClose);
    this.on('error', this.handleError);
  }

  private handleFrame(data: RawData): void {
    const { protocol, logger, maxMessageBytes } = this.settings;
    if (byteLength(data) > maxMessageBytes) return this.respond(tooLargeResponse(maxMessageBytes).body);
    const decoded = decodeBatch(text(data));
    if (!decoded.ok) return this.respond(decoded.response.body);
    protocol
      .receive(decoded.messages, this, this.respond)
      .catch((error: unknown) => logger.error({ err: error }, 'bayeux: websocket batch failed'));
  }

  private handleClose(): void {
    this.settings.open.delete(this);
    this.hangup.hangUp();
  }

  private handleError(error: Error): void {
    this.settings.logger.debug({ err: error }, 'bayeux: websocket error');
  }
}

export function attachWebSocket(options: WebSocketOptions): WebSocketTransport {
  const { server, protocol, logger, maxMessageBytes, maxBufferedBytes } = options;
  const settings: SocketSettings = { protocol, logger, maxMessageBytes, maxBufferedBytes, open: new Set() };
  const sockets = new WebSocketServer<typeof BayeuxSocket>({
    noServer: true,
    maxPayload: maxMessageBytes * 4,
    // `settings.open` tracks the sockets instead (see the header).
    clientTracking: false,
    WebSocket: BayeuxSocket,
  });
  let closed = false;

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!isBayeuxPath(request.url, options.path)) return refuseUpgrade(socket, 404, 'Not Found');
    if (closed) return refuseUpgrade(socket, 503, 'Service Unavailable');
    if (!options.admitOrigin(request.headers)) {
      logger.debug({ origin: request.headers.origin }, 'bayeux: origin not allowed');
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const onError = (error: Error): void => logger.debug({ err: error }, 'bayeux: upgrade socket error');
    socket.on('error', onError);
    const ip = options.clientAddress?.(request) ?? request.socket.remoteAddress;
    options.authenticate(request.headers, { ip }).then(
      (principal) => {
        socket.off('error', onError);
        if (socket.destroyed) return;
        if (closed) return refuseUpgrade(socket, 503, 'Service Unavailable');
        sockets.handleUpgrade(request, socket, head, (ws) => ws.serve(settings, principal ?? undefined));
      },
      (error: unknown) => {
        socket.off('error', onError);
        logger.error({ err: error }, 'bayeux: authentication failed with an error');
        if (!socket.destroyed) refuseUpgrade(socket, 503, 'Service Unavailable');
      },
    );
  }

  server.on('upgrade', onUpgrade);

  return {
    async close(graceMs = 1000) {
      if (closed) return;
      closed = true;
      server.off('upgrade', onUpgrade);
      const open = [...settings.open];
      const allClosed = Promise.all(
        open.map((socket) =>
          socket.readyState === WebSocket.CLOSED
            ? undefined
            : new Promise<void>((resolve) => socket.once('close', () => resolve())),
        ),
      );
      for (const socket of open) socket.close(1001, 'server shutting down');
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([allClosed, grace]);
      clearTimeout(timer);
      for (const socket of open) if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}
