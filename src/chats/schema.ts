/**
 * Operations on `POST /api/v2/me/chats/{id}` (spec §2), one schema each. [T] parameters
 * (`text`, `messageType`, `treatAs`) are accepted where the spec lists them.
 */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { HttpUrl } from '../http/http-url.js';
import { operation, operationBody, StringEnum } from '../http/operations.js';

const Text = Type.String({ minLength: 1, maxLength: 16_384 });
const T = {
  text: Type.Optional(Text),
  messageType: Type.Optional(Type.String({ maxLength: 64 })),
  treatAs: Type.Optional(StringEnum(['Normal', 'System'] as const)),
};
const Nickname = Type.String({ minLength: 1, maxLength: 64 });
const QueueName = Type.String({ minLength: 1, maxLength: 128 });
const TargetUri = Type.String({
  minLength: 1,
  maxLength: 2048,
  description:
    'a user URI (…/api/v2/users/{id}) or, for Transfer and Consult, a queue URI (…/api/v2/queues/{name})',
});
const UserDataValue = Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Null()]);
export const UserDataSchema = Type.Record(Type.String({ minLength: 1, maxLength: 256 }), UserDataValue, {
  maxProperties: 200,
});

export const AGENT_OPERATIONS = [
  operation('Accept', {
    nickname: Type.Optional(Nickname),
    saveLAR: Type.Optional(Type.Boolean()),
  }),
  operation('Reject', {}),
  operation('SendMessage', { ...T, text: Text }),
  operation('SendStartTypingNotification', T),
  operation('SendStopTypingNotification', T),
  operation('SendUrl', { ...T, url: HttpUrl }),
  operation('SendToAgents', { ...T, text: Text }),
  operation('SendStartTypingToAgentsNotification', T),
  operation('SendStopTypingToAgentsNotification', T),
  operation('SendCustomNoticeToAgents', { ...T, noticeText: Text }),
  operation('Leave', T),
  operation('Complete', {
    ...T,
    queueName: Type.Optional(QueueName),
    saveLAR: Type.Optional(Type.Boolean()),
  }),
  operation('LeaveAndComplete', T),
  operation('SetInFocus', {}),
  operation('InFocus', {}),
  operation('AttachUserData', { userData: UserDataSchema }),
  operation('UpdateUserData', { userData: UserDataSchema }),
  operation('DeleteUserData', {
    keys: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 200 }),
  }),
  // spec §4.4: supervisors switch mode; the capability prints as SwitchBargeIn, both names are accepted.
  operation('SwitchToMonitor', {}),
  operation('SwitchToCoach', {}),
  operation('SwitchToBargeIn', {}),
  operation('SwitchBargeIn', {}),
  // spec §2 Transfer / Invite / Consult / RemoveParticipantFromConference (its table names the
  // parameter userUri, its sample targetUri: both are accepted).
  operation('Transfer', { ...T, targetUri: Type.Optional(TargetUri), queueName: Type.Optional(QueueName) }),
  operation('Invite', { targetUri: TargetUri }),
  operation('Consult', { targetUri: Type.Optional(TargetUri), queueName: Type.Optional(QueueName) }),
  operation('RemoveParticipantFromConference', {
    targetUri: Type.Optional(TargetUri),
    userUri: Type.Optional(TargetUri),
  }),
  // spec §9.2 d
  operation('SendCustomNotice', { ...T, noticeText: Text }),
  operation('SendNicknameUpdatedNotice', { noticeText: Nickname }),
  operation('SetDisposition', {
    disposition: Type.String({ maxLength: 256 }),
    dispositionKey: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  }),
] as const;

export const AgentOperationBody = operationBody(AGENT_OPERATIONS);
export type AgentOperation = Static<(typeof AGENT_OPERATIONS)[number]>;
export type AgentOperationName = AgentOperation['operationName'];
/** The body of operation `N`. */
export type OperationOf<N extends AgentOperationName> = Extract<AgentOperation, { operationName: N }>;

export const ChatIdParams = Type.Object({ chatId: Type.String() });
export const TranscriptQuery = Type.Object({
  startIndex: Type.Optional(Type.Integer({ minimum: 0 })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export const ChatsQuery = Type.Object({ fields: Type.Optional(Type.String()) });
