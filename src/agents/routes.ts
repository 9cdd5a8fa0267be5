/**
 * Presence operations (spec §1.4): `POST /api/v2/me` with StartContactCenterSession,
 * EndContactCenterSession, Ready, NotReady (the C# client's form), and
 * `POST /api/v2/me/channels/{channel}` with Ready / NotReady. Callers need ROLE_AGENT.
 * EndContactCenterSession "also invalidates the client HTTP session" (GWS's page of the operation):
 * the agent is logged out of chat, and the session the request came with ends as on Logout.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Principal } from '../auth/authenticator.js';
import { principalOf } from '../auth/guard.js';
import { expireSessionCookie } from '../auth/routes.js';
import { DomainError } from '../errors.js';
import { sendError } from '../http/envelope.js';
import { operation, operationBody } from '../http/operations.js';
import type { Presence } from './presence.js';

const MeBody = operationBody([
  operation('StartContactCenterSession', {
    channels: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    place: Type.Optional(Type.String()),
    loginCode: Type.Optional(Type.String()),
    queue: Type.Optional(Type.String()),
    devicePath: Type.Optional(Type.String()),
  }),
  operation('EndContactCenterSession', {}),
  operation('Ready', {}),
  operation('NotReady', {}),
]);
const ChannelBody = operationBody([operation('Ready', {}), operation('NotReady', {})]);
const ChannelParams = Type.Object({ channel: Type.String() });

const config = { roles: ['ROLE_AGENT'] } as const;
const tags = ['Me'];

export interface PresenceRoutesOptions {
  readonly presence: Presence;
  /** Ends the request's HTTP session on every node (as Logout, auth/routes.ts). */
  readonly endSession: (principal: Principal) => Promise<void>;
  readonly secureCookie: boolean;
}

export const presenceRoutes: FastifyPluginAsyncTypebox<PresenceRoutesOptions> = async (
  app,
  { presence, endSession, secureCookie },
) => {
  app.post('/api/v2/me', { config, schema: { tags, body: MeBody } }, async (request, reply) => {
    const caller = principalOf(request);
    const body = request.body;
    switch (body.operationName) {
      case 'StartContactCenterSession': {
        const refused = await presence.startSession(caller, body.channels);
        if (refused.length > 0) {
          const message = `Logged in on chat; not on ${refused.join(', ')}: Parley serves only the chat channel`;
          return sendError(reply, new DomainError('PartialSuccess', message));
        }
        break;
      }
      case 'EndContactCenterSession':
        await presence.endSession(caller);
        await endSession(caller);
        expireSessionCookie(reply, secureCookie);
        break;
      default:
        await presence.setState(caller, body.operationName);
    }
    return { statusCode: 0 };
  });

  app.post(
    '/api/v2/me/channels/:channel',
    { config, schema: { tags, params: ChannelParams, body: ChannelBody } },
    async (request) => {
      await presence.setState(principalOf(request), request.body.operationName, request.params.channel);
      return { statusCode: 0 };
    },
  );
};
