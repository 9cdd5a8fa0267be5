/**
 * Publishes to `/service/…` channels: CometD remote calls (node_modules/cometd/Client.js
 * `remoteCall`). The client publishes `{id, channel: "/service/<target>", data}` and waits for a
 * message on the same channel with the same id: with `data` it is the result, without `data` and
 * `successful:false` it is the failure.
 *
 * A success is answered with two messages, as CometD servers do: the publish reply
 * `{id, channel, successful:true}` and the result `{id, channel, successful:true, data}`. The first
 * is not decoration: the CometD WebSocket transport only counts messages without `data` as replies
 * (WebSocketTransport.js `#onMessage`), so without it the client would time the publish out after
 * maxNetworkDelay and close its WebSocket. A failure is one message without `data`; the GWS status
 * pair travels in `ext` (`{statusCode, statusMessage}`), for the same reason.
 */
import { protocolError, renderError } from './bayeux-error.js';
import type { BayeuxLogger } from './logger.js';
import { extend, replyTo, type BayeuxPrincipal, type BayeuxReply, type IncomingMessage } from './message.js';

/** A remote-call handler. Throw a DomainError (src/errors.ts) to fail with a catalog error. */
export type ServiceHandler = (data: unknown, principal: BayeuxPrincipal) => Promise<unknown>;

export class ServiceRegistry {
  private readonly handlers: ReadonlyMap<string, ServiceHandler>;

  constructor(
    services: Readonly<Record<string, ServiceHandler>>,
    private readonly logger: BayeuxLogger,
  ) {
    this.handlers = new Map(Object.entries(services));
  }

  async call(message: IncomingMessage, channel: string, principal: BayeuxPrincipal): Promise<BayeuxReply[]> {
    const reply = replyTo(message, channel);
    const handler = this.handlers.get(channel);
    if (handler === undefined)
      return [extend(reply, { successful: false, error: protocolError.unknownService })];
    try {
      const result = await handler(message.data, principal);
      return [extend(reply, { successful: true }), extend(reply, { successful: true, data: result ?? null })];
    } catch (error) {
      const rendered = renderError(error);
      if (rendered.unexpected) {
        this.logger.error(
          { err: error, channel, userId: principal.userId },
          'bayeux: service handler failed',
        );
      }
      return [extend(reply, { successful: false, error: rendered.error, ext: { ...rendered.ext } })];
    }
  }
}
