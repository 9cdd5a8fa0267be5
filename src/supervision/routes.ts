/**
 * Supervision routes. GWS (spec §2, §2.1):
 *   POST /api/v2/users/{agentId}/channels/chat  Monitor | Coach | BargeIn | CancelSupervisorMonitoring
 *   POST /api/v2/users/{agentId}/chats/{chatId} Intrude
 * Parley extension (apart from the GWS paths):
 *   GET /parley/v1/supervision/audit?supervisorId&agentId&chatId&afterId&limit
 *     → {"statusCode":0,"entries":[{id,timestamp,timestampSeconds,supervisorId,agentId,chatId,action,fromMode,toMode}]}
 *   GET /parley/v1/board
 *     → {"statusCode":0,"board":{"agents":[{id,userName,firstName,lastName,state,chats:[…]}],"queued":[…],"at"}}
 *     (ROLE_SUPERVISOR only: board.ts; its events on /parley/v1/board: board-events.ts)
 * Supervisor operations need ROLE_SUPERVISOR (else 5) and the feature api-multimedia (spec §1.5).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/guard.js';
import { gwsTimestamp } from '../chats/timestamps.js';
import { DomainError } from '../errors.js';
import {
  AgentChannelParams,
  AgentChatParams,
  AuditQuery,
  ChannelOperationBody,
  IntrudeBody,
} from './schema.js';
import type { Supervision } from './service.js';
import type { Board } from './board.js';

const config = { roles: ['ROLE_SUPERVISOR'], feature: 'api-multimedia' } as const;
const tags = ['Supervision'];

export const supervisionRoutes: FastifyPluginAsyncTypebox<{
  supervision: Supervision;
  board: Board;
}> = async (app, { supervision, board }) => {
  // The live board of the caller's own contact center; ROLE_SUPERVISOR only, as its channel
  // (bayeux/channel.ts): an administrator manages accounts, it does not watch the floor.
  app.get(
    '/parley/v1/board',
    { config: { roles: ['ROLE_SUPERVISOR'] }, schema: { tags: ['Parley extensions'] } },
    async (request) => ({
      statusCode: 0,
      board: await board.snapshot(principalOf(request).contactCenter.id),
    }),
  );

  app.post(
    '/api/v2/users/:agentId/channels/:channel',
    { config, schema: { tags, params: AgentChannelParams, body: ChannelOperationBody } },
    async (request) => {
      if (request.params.channel !== 'chat')
        throw new DomainError('NotFound', `Unknown channel ${request.params.channel}`);
      await supervision.channelOperation(principalOf(request).user, request.params.agentId, request.body);
      return { statusCode: 0 };
    },
  );

  app.post(
    '/api/v2/users/:agentId/chats/:chatId',
    { config, schema: { tags, params: AgentChatParams, body: IntrudeBody } },
    async (request) => {
      const { user, contactCenter } = principalOf(request);
      const { agentId, chatId } = request.params;
      await supervision.intrude(user, contactCenter, agentId, chatId, request.body.supervisorVisibilityMode);
      return { statusCode: 0 };
    },
  );

  app.get(
    '/parley/v1/supervision/audit',
    {
      config: { roles: ['ROLE_SUPERVISOR', 'ROLE_ADMIN'] },
      schema: { tags: ['Parley extensions'], querystring: AuditQuery },
    },
    async (request) => {
      const { limit = 100, ...filter } = request.query;
      const entries = await supervision.auditTrail(principalOf(request).contactCenter.id, filter, limit);
      return {
        statusCode: 0,
        entries: entries.map(({ contactCenterId: _cc, at, ...entry }) => ({
          ...entry,
          timestamp: gwsTimestamp(at),
          timestampSeconds: at,
        })),
      };
    },
  );
};
