/**
 * Long-polling transport (Bayeux 1.0 §5.1; spec §5.1): `POST /api/v2/notifications` and
 * `POST /api/v2/notifications/<type>` (the CometD client appends `handshake`, `connect`, … when
 * `appendMessageTypeToURL` is on, its default).
 *
 * Registered as its own encapsulated fastify context: any content type is read as a string (up to
 * maxMessageBytes) and handed to the core, so garbage JSON, wrong types and oversized bodies get
 * Bayeux error replies — never the app's GWS error envelope. Parse failures answer 400, an
 * oversized body 413 (with a Bayeux error body), everything else 200 with the JSON array.
 *
 * Authentication: a request that carries a /meta/handshake, or any credentials (Authorization or
 * Cookie), is authenticated; other requests are bound to their clientId's session (protocol.ts).
 * A browser page whose Origin is not admitted (origin.ts; spec §1.4, §5.1) is not: its credentials
 * are ignored and its handshake fails with `403::Origin not allowed`, `advice.reconnect: "none"` —
 * a text/plain cross-origin POST needs no preflight, so CORS alone would not stop it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bayeuxError, protocolError } from './bayeux-error.js';
import {
  containsHandshake,
  decodeBatch,
  errorResponse,
  tooLargeResponse,
  type BayeuxResponse,
} from './decode.js';
import { Hangup } from './hangup.js';
import type { BayeuxLogger } from './logger.js';
import type { BayeuxPrincipal } from './message.js';
import type { AdmitOrigin } from './origin.js';
import type { BayeuxProtocol } from './protocol.js';

/** Checks a request's or an upgrade's credentials; null when there are none or they are wrong. */
/** The client's address (fastify's `request.ip`, proxies applied), for the failed-login throttle. */
export interface ClientAddress {
  readonly ip?: string | undefined;
}

export type Authenticate = (
  headers: IncomingHttpHeaders,
  client: ClientAddress,
) => Promise<BayeuxPrincipal | null>;

export interface LongPollingOptions {
  readonly protocol: BayeuxProtocol;
  readonly authenticate: Authenticate;
  readonly admitOrigin: AdmitOrigin;
  readonly logger: BayeuxLogger;
  readonly path: string;
  readonly maxMessageBytes: number;
}

const contentType = 'application/json;charset=UTF-8';

function hasCredentials(headers: IncomingHttpHeaders): boolean {
  return headers.authorization !== undefined || headers.cookie !== undefined;
}

function send(reply: FastifyReply, response: BayeuxResponse): FastifyReply {
  return reply.code(response.status).header('content-type', contentType).send(response.body);
}

export function longPollingRoutes(options: LongPollingOptions): FastifyPluginAsync {
  const { protocol, authenticate, logger } = options;

  async function principalOf(request: FastifyRequest, handshake: boolean): Promise<BayeuxPrincipal | null> {
    const authenticated = handshake || hasCredentials(request.headers);
    return authenticated ? authenticate(request.headers, { ip: request.ip }) : null;
  }

  async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const decoded = decodeBatch(typeof request.body === 'string' ? request.body : '');
    if (!decoded.ok) return send(reply, decoded.response);
    const admitted = options.admitOrigin(request.headers);
    if (!admitted) logger.debug({ origin: request.headers.origin }, 'bayeux: origin not allowed');
    let principal: BayeuxPrincipal | null = null;
    try {
      if (admitted) principal = await principalOf(request, containsHandshake(decoded.messages));
    } catch (error) {
      logger.error({ err: error }, 'bayeux: authentication failed with an error');
      return send(reply, errorResponse(503, protocolError.authenticationUnavailable));
    }
    // Hangs up when the client goes away while its /meta/connect is held, so that the queued
    // messages stay queued for the next connect instead of being written to a closed socket.
    const hangup = new Hangup();
    const onClose = (): void => {
      if (!reply.raw.writableFinished) hangup.hangUp();
    };
    reply.raw.once('close', onClose);
    let body: string;
    try {
      body = await protocol.handle(decoded.messages, {
        principal: principal ?? undefined,
        hangup,
        refused: admitted ? undefined : protocolError.originNotAllowed,
      });
    } finally {
      reply.raw.off('close', onClose);
    }
    if (hangup.happened) {
      reply.hijack();
      return reply;
    }
    return send(reply, { status: 200, body });
  }

  return async function bayeuxLongPolling(app) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: options.maxMessageBytes },
      (_request, body, done) => done(null, body),
    );
    app.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 413) return send(reply, tooLargeResponse(options.maxMessageBytes));
      if (status >= 500) logger.error({ err: error }, 'bayeux: long-polling request failed');
      const code = status >= 400 && status < 600 ? status : 500;
      return send(
        reply,
        errorResponse(code, bayeuxError(code, code >= 500 ? 'internal error' : error.message)),
      );
    });
    // The Bayeux handshake authenticates itself; the REST guard (and CSRF) stays off these routes.
    const config = { auth: 'public' } as const;
    app.post(options.path, { config, schema: { hide: true } }, handle);
    app.post(`${options.path}/*`, { config, schema: { hide: true } }, handle);
  };
}
