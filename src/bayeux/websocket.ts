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
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { tooLargeResponse } from './decode.js';
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
  constructor(
    private readonly socket: WebSocket,
    private readonly maxBufferedBytes: number,
  ) {}

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: Buffer): boolean {
    if (this.socket.bufferedAmount > this.maxBufferedBytes) return false;
    this.socket.send(frame, textFrame);
    return true;
  }
}

export function attachWebSocket(options: WebSocketOptions): WebSocketTransport {
  const { server, protocol, logger, maxMessageBytes, maxBufferedBytes } = options;
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes * 4,
    clientTracking: true,
  });
  let closed = false;

  function serve(socket: WebSocket, principal: BayeuxPrincipal | undefined): void {
    const hangup = new Hangup();
    const context: BayeuxContext = { principal, hangup, push: new SocketPush(socket, maxBufferedBytes) };
    socket.on('message', (data: RawData) => {
      const reply = (body: string): void => {
        if (body !== '' && socket.readyState === WebSocket.OPEN) socket.send(body);
      };
      if (byteLength(data) > maxMessageBytes) {
        reply(tooLargeResponse(maxMessageBytes).body);
        return;
      }
      protocol.handleText(text(data), context).then(
        (response) => reply(response.body),
        (error: unknown) => logger.error({ err: error }, 'bayeux: websocket batch failed'),
      );
    });
    socket.once('close', () => hangup.hangUp());
    socket.on('error', (error) => logger.debug({ err: error }, 'bayeux: websocket error'));
  }

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
        sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, principal ?? undefined));
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
      const open = [...sockets.clients];
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
