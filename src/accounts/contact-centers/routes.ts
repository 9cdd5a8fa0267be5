/**
 * Parley extension (not GWS): an administrator reads and changes its own contact center.
 * Extension paths live under `/parley/v1/`, apart from the GWS `/api/v2/` paths, and use the
 * same `operationName` style and `statusCode` envelope:
 *
 *   GET  /parley/v1/contact-center → {"statusCode":0,"contactCenter":{id,name,features,settings}}
 *   POST /parley/v1/contact-center {"operationName":"EnableFeatures","features":["api-multimedia"]}
 *   POST /parley/v1/contact-center {"operationName":"DisableFeatures","features":["api-voice"]}
 *   POST /parley/v1/contact-center {"operationName":"UpdateSettings","settings":{"chatCapacity":4}}
 *
 * and an administrator of the home contact center creates another one with its first
 * administrator (service.ts), as `POST /api/v2/users` creates a user:
 *
 *   POST /parley/v1/contact-centers {"name":"acme","administrator":{"userName":"ann","password":"…"}}
 *     → {"statusCode":0,"contactCenter":{id,name,features,settings},
 *        "administrator":{"id":"…","userName":"ann","loginName":"ann@acme"}}
 *
 * Settings: chatCapacity, inviteTimeoutSeconds, intrudeRequiresMonitoring, showMonitoringToAgents,
 * and the customer side's bounds (records.ts): maxWaitingChats, waitingTimeoutSeconds,
 * customerIdleTimeoutSeconds.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Static } from 'typebox';
import { principalOf } from '../../auth/guard.js';
import { operation, operationBody, StringEnum } from '../../http/operations.js';
import { Password, PersonName, UserName } from '../users/schema.js';
import { FEATURES } from '../features.js';
import type { ContactCenter } from '../records.js';
import type { ContactCenterService } from './service.js';

const Features = Type.Array(StringEnum(FEATURES), { minItems: 1, uniqueItems: true });
const Settings = Type.Object(
  {
    chatCapacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    inviteTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
    intrudeRequiresMonitoring: Type.Optional(Type.Boolean()),
    maxWaitingChats: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    waitingTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
    // The customer's activity is recorded every few seconds (customer/timeouts.ts): not below a minute.
    customerIdleTimeoutSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 86_400 })),
    showMonitoringToAgents: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Body = operationBody([
  operation('EnableFeatures', { features: Features }),
  operation('DisableFeatures', { features: Features }),
  operation('UpdateSettings', { settings: Settings }),
]);

/**
 * The login suffix of its users (`ann@acme`, auth/login-name.ts): ASCII letters, digits, `_`, `-`;
 * no `.` or `@`, so an e-mail-style user name of the home contact center never reads as one.
 */
export const ContactCenterName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$',
  description: 'Unique (case-insensitive); users log in as user@name',
});

export const CreateContactCenterBody = Type.Object(
  {
    name: ContactCenterName,
    features: Type.Optional(Type.Array(StringEnum(FEATURES), { uniqueItems: true })),
    administrator: Type.Object(
      {
        userName: UserName,
        password: Password,
        firstName: Type.Optional(PersonName),
        lastName: Type.Optional(PersonName),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CreateContactCenterBody = Static<typeof CreateContactCenterBody>;

export function presentContactCenter(cc: ContactCenter) {
  return { id: cc.id, name: cc.name, features: [...cc.features], settings: { ...cc.settings } };
}

const config = { roles: ['ROLE_ADMIN'] } as const;
const tags = ['Parley extensions'];

export const contactCenterRoutes: FastifyPluginAsyncTypebox<{
  contactCenters: ContactCenterService;
}> = async (app, { contactCenters }) => {
  app.get('/parley/v1/contact-center', { config, schema: { tags } }, async (request) => {
    const cc = await contactCenters.get(principalOf(request).contactCenter.id);
    return { statusCode: 0, contactCenter: presentContactCenter(cc) };
  });

  app.post(
    '/parley/v1/contact-centers',
    { config, schema: { tags, body: CreateContactCenterBody } },
    async (request) => {
      await contactCenters.assertMayCreate(principalOf(request).contactCenter.id);
      const { contactCenter, administrator } = await contactCenters.createWithAdministrator(request.body);
      return {
        statusCode: 0,
        contactCenter: presentContactCenter(contactCenter),
        administrator: {
          id: administrator.id,
          userName: administrator.userName,
          loginName: `${administrator.userName}@${contactCenter.name}`,
        },
      };
    },
  );

  app.post('/parley/v1/contact-center', { config, schema: { tags, body: Body } }, async (request) => {
    const id = principalOf(request).contactCenter.id;
    const body = request.body;
    if (body.operationName === 'EnableFeatures')
      await contactCenters.setFeatures(id, { enable: body.features });
    else if (body.operationName === 'DisableFeatures')
      await contactCenters.setFeatures(id, { disable: body.features });
    else await contactCenters.updateSettings(id, body.settings);
    return { statusCode: 0 };
  });
};
