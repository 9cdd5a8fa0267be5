/**
 * The Bayeux protocol core (Bayeux 1.0; spec §5.1): a batch of messages and who sent it in, the
 * response body out. Knows no HTTP and no WebSocket; the transports (routes.ts, websocket.ts) are
 * thin adapters that authenticate, decode and write (STYLE.md §10).
 *
 *   /meta/handshake   needs an authenticated principal; creates a session (clientId)
 *   /meta/connect     held until delivery or timeout (connect.ts); ack extension (ack.ts); on
 *                     WebSocket, binds the session to the socket, which then gets its messages
 *                     pushed as they come while the connect stays held (push.ts)
 *   /meta/subscribe   only the user's own channels, and the board for supervisors (channel.ts `permittedSubscription`)
 *   /meta/unsubscribe
 *   /meta/disconnect  ends the session
 *   /service/…        remote calls (service.ts); any other publish is denied
 *
 * A session is bound to its principal's user: a later message may come without credentials (the
 * clientId is the bearer secret, 24 random bytes), but one whose transport authenticated as another
 * user is refused.
 */
import { handshakeAdvice, protocolError } from './bayeux-error.js';
import { isChannelName, metaChannelPrefix, permittedSubscription, serviceChannelPrefix } from './channel.js';
import {
  acknowledge,
  completeConnect,
  connectReply,
  type ConnectSettings,
  type PendingConnect,
  type Respond,
} from './connect.js';
import type { Hangup } from './hangup.js';
import { handshake } from './handshake.js';
import type { Hub } from './hub.js';
import type { Push } from './push.js';
import {
  failure,
  isIncomingMessage,
  messageId,
  replyTo,
  responseBody,
  type Advice,
  type BayeuxPrincipal,
  extend,
  type BayeuxReply,
  type IncomingMessage,
} from './message.js';
import { ServiceRegistry, type ServiceHandler } from './service.js';
import { Session } from './session.js';
import type { BayeuxLogger } from './logger.js';

/** Who and what the transport knows about the batch. */
export interface BayeuxContext {
  /** The authenticated principal, when the transport authenticated this request or socket. */
  readonly principal?: BayeuxPrincipal;
  /** Hangs up when the transport can no longer answer (request closed, WebSocket closed). */
  readonly hangup?: Hangup;
  /** Set by a transport that can send at any time (WebSocket): sessions connecting on it push. */
  readonly push?: Push;
  /** Why the transport refused the request's credentials (its Origin, origin.ts): handshakes fail. */
  readonly refused?: string;
}

export interface ProtocolOptions {
  readonly hub: Hub;
  readonly logger: BayeuxLogger;
  readonly services?: Readonly<Record<string, ServiceHandler>>;
  /** How long a /meta/connect is held (advice.timeout). */
  readonly timeoutMs: number;
  /** advice.maxInterval: how long after a connect reply the session survives without a new one. */
  readonly maxIntervalMs: number;
}

const unsuccessfulChannel = '/meta/unsuccessful';

/** `subscription` as a list of channel names, or null when it is neither a string nor strings. */
function subscriptionNames(value: unknown): readonly string[] | null {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.every((name) => typeof name === 'string') ? (value as string[]) : null;
}

export class BayeuxProtocol {
  private readonly hub: Hub;
  private readonly services: ServiceRegistry;
  private readonly connect: ConnectSettings;
  private closed = false;

  constructor(options: ProtocolOptions) {
    this.hub = options.hub;
    this.services = new ServiceRegistry(options.services ?? {}, options.logger);
    const advice: Advice = Object.freeze({
      reconnect: 'retry',
      interval: 0,
      timeout: options.timeoutMs,
      maxInterval: options.maxIntervalMs,
    });
    this.connect = { advice, timeoutMs: options.timeoutMs, clock: this.hub.clock };
  }

  /**
   * Handles one batch and resolves to the response body, a JSON array. A batch with a
   * /meta/connect resolves when that connect is answered ('' if the transport went away first).
   */
  handle(messages: readonly unknown[], context: BayeuxContext): Promise<string> {
    return new Promise((resolve, reject) => {
      this.receive(messages, context, resolve).catch(reject);
    });
  }

  /**
   * `handle` for a transport that keeps a callback: `respond` is called once with the body, and
   * the returned promise settles as soon as the batch is processed — before a held connect is
   * answered — rejecting if processing failed. So a held connect keeps no promise chain, only
   * its `Hold` (connect.ts); the WebSocket transport passes one `respond` per socket.
   */
  async receive(messages: readonly unknown[], context: BayeuxContext, respond: Respond): Promise<void> {
    const replies: BayeuxReply[] = [];
    let pending: PendingConnect | undefined;
    for (const message of messages) {
      if (!isIncomingMessage(message)) {
        replies.push(failure({ channel: unsuccessfulChannel }, protocolError.notAnObject));
        continue;
      }
      if (message.channel !== '/meta/connect') {
        replies.push(...(await this.dispatch(message, context)));
        continue;
      }
      const accepted = this.acceptConnect(message, context);
      if (!(accepted instanceof Session)) {
        replies.push(accepted);
        continue;
      }
      // Two connects in one batch: only the last may be held; the earlier one is answered now.
      if (pending !== undefined) replies.push(...this.answerNow(pending));
      pending = { session: accepted, message };
    }
    if (pending === undefined) return respond(responseBody(replies));
    completeConnect(pending, replies, this.connect, context.hangup, respond);
  }

  /** Stops accepting handshakes and answers every held connect. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.close();
  }

  /** An earlier connect of the same batch: answered without messages, which go with the last one. */
  private answerNow(pending: PendingConnect): BayeuxReply[] {
    return [connectReply(pending.session, messageId(pending.message), 'superseded', this.connect).reply];
  }

  private async dispatch(message: IncomingMessage, context: BayeuxContext): Promise<BayeuxReply[]> {
    const channel = message.channel;
    if (channel === undefined)
      return [failure(replyTo(message, unsuccessfulChannel), protocolError.missingChannel)];
    if (typeof channel !== 'string') {
      return [failure(replyTo(message, unsuccessfulChannel), protocolError.invalidChannel)];
    }
    switch (channel) {
      case '/meta/handshake':
        return [
          handshake(message, context.principal, {
            hub: this.hub,
            advice: this.connect.advice,
            closed: this.closed,
            refused: context.refused,
          }),
        ];
      case '/meta/subscribe':
        return [this.subscribe(message, context)];
      case '/meta/unsubscribe':
        return [this.unsubscribe(message, context)];
      case '/meta/disconnect':
        return [this.disconnect(message, context)];
    }
    const reply = replyTo(message, channel);
    if (channel.startsWith(metaChannelPrefix)) return [failure(reply, protocolError.unknownMetaChannel)];
    if (!isChannelName(channel)) return [failure(reply, protocolError.invalidChannel)];
    const session = this.sessionFor(message, reply, context);
    if (!(session instanceof Session)) return [session];
    if (!channel.startsWith(serviceChannelPrefix)) return [failure(reply, protocolError.publishDenied)];
    return this.services.call(message, channel, session.principal);
  }

  /** The message's session, or the error reply: missing/invalid clientId, unknown, other user. */
  private sessionFor(
    message: IncomingMessage,
    reply: BayeuxReply,
    context: BayeuxContext,
  ): Session | BayeuxReply {
    const clientId = message.clientId;
    if (clientId === undefined) return failure(reply, protocolError.missingClientId);
    if (typeof clientId !== 'string') return failure(reply, protocolError.invalidClientId);
    const session = this.hub.get(clientId);
    if (session === undefined) return failure(reply, protocolError.unknownSession, handshakeAdvice);
    if (context.principal !== undefined && context.principal.userId !== session.userId) {
      return failure(reply, protocolError.sessionUserMismatch, handshakeAdvice);
    }
    session.lastSeen = this.hub.now();
    return session;
  }

  private acceptConnect(message: IncomingMessage, context: BayeuxContext): Session | BayeuxReply {
    const reply = replyTo(message, '/meta/connect');
    const session = this.sessionFor(message, reply, context);
    if (!(session instanceof Session)) return session;
    if (message.connectionType !== undefined && typeof message.connectionType !== 'string') {
      return failure(reply, protocolError.invalidField('connectionType'));
    }
    acknowledge(session, message);
    // The transport of the latest connect is the session's: a client that falls back from
    // WebSocket to long-polling stops pushing, one that reconnects pushes on its new socket.
    session.usePush(context.push ?? null);
    return session;
  }

  private subscribe(message: IncomingMessage, context: BayeuxContext): BayeuxReply {
    const reply = replyTo(message, '/meta/subscribe');
    const session = this.sessionFor(message, reply, context);
    if (!(session instanceof Session)) return session;
    const names = subscriptionNames(message.subscription);
    if (names === null) return failure(reply, protocolError.invalidSubscription);
    const subscription = message.subscription as string | readonly string[];
    const permitted = names.map((name) => permittedSubscription(name, session.principal));
    if (permitted.some((granted) => granted === null)) {
      return extend(failure(reply, protocolError.forbiddenChannel), { subscription });
    }
    session.subscribe(permitted.filter((granted) => granted !== null));
    return extend(reply, { successful: true, subscription });
  }

  private unsubscribe(message: IncomingMessage, context: BayeuxContext): BayeuxReply {
    const reply = replyTo(message, '/meta/unsubscribe');
    const session = this.sessionFor(message, reply, context);
    if (!(session instanceof Session)) return session;
    const names = subscriptionNames(message.subscription);
    if (names === null) return failure(reply, protocolError.invalidSubscription);
    session.unsubscribe(names);
    return extend(reply, {
      successful: true,
      subscription: message.subscription as string | readonly string[],
    });
  }

  private disconnect(message: IncomingMessage, context: BayeuxContext): BayeuxReply {
    const reply = replyTo(message, '/meta/disconnect');
    const session = this.sessionFor(message, reply, context);
    if (!(session instanceof Session)) return session;
    this.hub.end(session, 'disconnect');
    return extend(reply, { successful: true });
  }
}
