/**
 * What a chat looks like to its agent, its supervisor and its customer, through the API: taken
 * before and after the fuzzing, the two must be equal (the chat was never named by the fuzz cases).
 */
import type { TenantChat, World } from './world.js';

export interface Snapshot {
  readonly agent: unknown;
  readonly agentMessages: unknown;
  readonly supervisor: unknown;
  readonly customer: unknown;
  readonly customerMessages: unknown;
}

export async function snapshotOf(w: World, chat: TenantChat): Promise<Snapshot> {
  const get = async (url: string, headers: Readonly<Record<string, string>>) => {
    const response = await w.t.app.server.inject({ method: 'GET', url, headers: { ...headers } });
    return { http: response.statusCode, body: response.json<unknown>() };
  };
  const { agent, supervisor, customer } = w.principals;
  return {
    agent: await get(`/api/v2/me/chats/${chat.chatId}`, agent.headers),
    agentMessages: await get(`/api/v2/me/chats/${chat.chatId}/messages`, agent.headers),
    supervisor: await get(`/api/v2/me/chats/${chat.chatId}`, supervisor.headers),
    customer: await get(`/api/v2/chats/${chat.token}`, customer.headers),
    customerMessages: await get(`/api/v2/chats/${chat.token}/messages?index=1`, customer.headers),
  };
}
