/** The customer chat API's request schemas (spec §6.1). */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { UserDataSchema } from '../chats/schema.js';
import { operation, operationBody } from '../http/operations.js';

export const RequestChatBody = operationBody([
  operation('RequestChat', {
    nickname: Type.String({ minLength: 1, maxLength: 64 }),
    subject: Type.Optional(Type.String({ maxLength: 256 })),
    endpoint: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'queue name' })),
    userData: Type.Optional(UserDataSchema),
  }),
]);
export type RequestChat = Static<typeof RequestChatBody>;

const CUSTOMER_OPERATIONS = [
  operation('SendMessage', { text: Type.String({ minLength: 1, maxLength: 16_384 }) }),
  operation('SendStartTypingNotification', { text: Type.Optional(Type.String({ maxLength: 16_384 })) }),
  operation('SendStopTypingNotification', { text: Type.Optional(Type.String({ maxLength: 16_384 })) }),
  operation('Complete', {}),
] as const;
export const CustomerOperationBody = operationBody(CUSTOMER_OPERATIONS);
export type CustomerOperation = Static<(typeof CUSTOMER_OPERATIONS)[number]>;

export const CustomerChatParams = Type.Object({ id: Type.String() });
export const MessagesQuery = Type.Object({ index: Type.Optional(Type.Integer({ minimum: 0 })) });
export const ContactCenterHeader = Type.Object({ contactcenterid: Type.Optional(Type.String()) });
