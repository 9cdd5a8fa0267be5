/**
 * Chat routes of agents and supervisors (spec §1.1, §2): operations on one's own copy and the
 * reads: `GET /api/v2/me/chats` (`uris`, or `chats` with `?fields=*`), `GET /api/v2/me/chats/{id}`,
 * `GET /api/v2/me/chats/{id}/messages?startIndex&count`. Feature api-multimedia (spec §1.5).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../auth/guard.js';
import { linksFor } from '../http/links.js';
import { chatPath, presentChat, presentMessages } from './present.js';
import { AgentOperationBody, ChatIdParams, ChatsQuery, TranscriptQuery } from './schema.js';
import type { ChatService } from './service.js';

const config = { roles: ['ROLE_AGENT', 'ROLE_SUPERVISOR'], feature: 'api-multimedia' } as const;
const tags = ['Chats'];

export const chatRoutes: FastifyPluginAsyncTypebox<{
  chats: ChatService;
  publicUrl: string | undefined;
}> = async (app, { chats, publicUrl }) => {
  app.post(
    '/api/v2/me/chats/:chatId',
    { config, schema: { tags, params: ChatIdParams, body: AgentOperationBody } },
    async (request) => {
      const referenceId = await chats.operate(principalOf(request).user, request.params.chatId, request.body);
      return { statusCode: 0, referenceId };
    },
  );

  app.get('/api/v2/me/chats', { config, schema: { tags, querystring: ChatsQuery } }, async (request) => {
    const links = linksFor(request, publicUrl);
    const views = await chats.list(principalOf(request).user);
    if (request.query.fields === '*') {
      return { statusCode: 0, chats: views.map((v) => presentChat(v.chat, v.caller, v.parties, links)) };
    }
    return { statusCode: 0, uris: views.map((v) => links(chatPath(v.chat.id))) };
  });

  app.get('/api/v2/me/chats/:chatId', { config, schema: { tags, params: ChatIdParams } }, async (request) => {
    const view = await chats.get(principalOf(request).user, request.params.chatId);
    return {
      statusCode: 0,
      chat: presentChat(view.chat, view.caller, view.parties, linksFor(request, publicUrl)),
    };
  });

  app.get(
    '/api/v2/me/chats/:chatId/messages',
    { config, schema: { tags, params: ChatIdParams, querystring: TranscriptQuery } },
    async (request) => {
      const view = await chats.get(principalOf(request).user, request.params.chatId);
      const { startIndex = 0, count = 10_000 } = request.query;
      const messages = await chats.transcript(view, startIndex, count);
      return {
        statusCode: 0,
        messages: presentMessages(view.caller.role, messages, view.parties, linksFor(request, publicUrl)),
      };
    },
  );
};
