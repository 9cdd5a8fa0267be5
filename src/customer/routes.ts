/**
 * The customer chat API (spec §6.1): no Authorization; the `ContactCenterId` header names the
 * contact center (without it, PARLEY_DEFAULT_CONTACT_CENTER when set, else statusCode 1).
 * `POST /api/v2/chats` RequestChat → `{"statusCode":0,"id","path"}`;
 * `POST /api/v2/chats/{id}` SendMessage / typing / Complete; `GET /api/v2/chats/{id}`;
 * `GET /api/v2/chats/{id}/messages[?index=n]`.
 *
 * RequestChat is limited per client address (the route's rate limit) and per contact center
 * (counted by the service), and refused while the queue is full (limits.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { DomainError } from '../errors.js';
import { perSourceLimit } from './limits.js';
import { presentCustomerChat, presentCustomerMessages } from './present.js';
import { CustomerChatParams, CustomerOperationBody, MessagesQuery, RequestChatBody } from './schema.js';
import type { CustomerChats } from './service.js';

const config = { auth: 'public' } as const;
const tags = ['Customer chat'];

export interface CustomerRoutesOptions {
  readonly customers: CustomerChats;
  /** The contact center of a request without the header (config); undefined: header required. */
  readonly defaultContactCenterId?: string | undefined;
  /** RequestChat's limits (config); undefined: none. */
  readonly requestChatLimits?: Config['requestChatLimits'] | undefined;
}

export const customerRoutes: FastifyPluginAsyncTypebox<CustomerRoutesOptions> = async (
  app,
  { customers, defaultContactCenterId, requestChatLimits },
) => {
  const contactCenterOf = (request: FastifyRequest): string => {
    const header = request.headers.contactcenterid;
    const id = (Array.isArray(header) ? header[0] : header) || defaultContactCenterId;
    if (!id) throw new DomainError('MissingParameter', 'The ContactCenterId header is required');
    return id.toLowerCase();
  };

  const perSource = requestChatLimits?.perSource;
  const perContactCenter = requestChatLimits?.perContactCenter;
  app.post(
    '/api/v2/chats',
    {
      config: { ...config, ...(perSource ? { rateLimit: perSourceLimit(perSource) } : {}) },
      schema: { tags, body: RequestChatBody },
    },
    async (request) => {
      const { token } = await customers.requestChat(contactCenterOf(request), request.body, {
        perContactCenter,
      });
      return { statusCode: 0, id: token, path: `/api/v2/chats/${token}` };
    },
  );

  app.post(
    '/api/v2/chats/:id',
    { config, schema: { tags, params: CustomerChatParams, body: CustomerOperationBody } },
    async (request) => {
      await customers.operate(contactCenterOf(request), request.params.id, request.body);
      return { statusCode: 0 };
    },
  );

  app.get('/api/v2/chats/:id', { config, schema: { tags, params: CustomerChatParams } }, async (request) => {
    const { chat, parties } = await customers.find(contactCenterOf(request), request.params.id);
    return { statusCode: 0, chat: presentCustomerChat(request.params.id, chat, parties) };
  });

  app.get(
    '/api/v2/chats/:id/messages',
    { config, schema: { tags, params: CustomerChatParams, querystring: MessagesQuery } },
    async (request) => {
      const { messages, parties } = await customers.messages(
        contactCenterOf(request),
        request.params.id,
        request.query.index,
      );
      return { statusCode: 0, messages: presentCustomerMessages(messages, parties) };
    },
  );
};
