/** Supervision request schemas (spec §2, §2.1, §4.1). */
import type { Static } from 'typebox';
import { Type } from 'typebox';
import { operation, operationBody, StringEnum } from '../http/operations.js';

export const MODES = ['Monitor', 'Coach', 'BargeIn'] as const;
const Subscribe = {
  supervisorMonitoringMode: Type.Optional(StringEnum(['NextChat', 'AllChats'] as const)),
  nickname: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
};

const CHANNEL_OPERATIONS = [
  operation('Monitor', Subscribe),
  operation('Coach', Subscribe),
  operation('BargeIn', Subscribe),
  operation('CancelSupervisorMonitoring', {}),
] as const;
export const ChannelOperationBody = operationBody(CHANNEL_OPERATIONS);
export type ChannelOperation = Static<(typeof CHANNEL_OPERATIONS)[number]>;

export const IntrudeBody = operationBody([
  operation('Intrude', { supervisorVisibilityMode: Type.Optional(StringEnum(MODES)) }),
]);

export const AgentChannelParams = Type.Object({ agentId: Type.String(), channel: Type.String() });
export const AgentChatParams = Type.Object({ agentId: Type.String(), chatId: Type.String() });

export const AuditQuery = Type.Object({
  supervisorId: Type.Optional(Type.String()),
  agentId: Type.Optional(Type.String()),
  chatId: Type.Optional(Type.String()),
  afterId: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
