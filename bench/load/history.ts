/**
 * A transcript for every chat before anything is measured (scenarios/growth.ts): each chat's agent
 * sends `messages` SendMessage (spec §2.1) over the API with its JSESSIONID, as the agent desk
 * would, `concurrency` requests at a time. Round-major order — message 1 to every chat, then
 * message 2 … — so one chat's messages are never in flight together while there are more chats
 * than requests in flight, and every chat's transcript grows at the same pace. The texts are not
 * `bench:…` texts, so the parties' tallies ignore their notifications.
 */
import { cookieAuth, inTurns, ok } from './gws-client.js';
import type { World } from './world-setup.js';

export interface HistoryConfig {
  readonly messages: number;
  readonly concurrency: number;
}

export interface HistoryReport {
  readonly sent: number;
  readonly ms: number;
}

/** About the length of a real agent reply; the number keeps each text distinct. */
const reply = (index: number, of: number): string =>
  `Thanks for waiting — I am looking at your order now and will be back in a moment (${index} of ${of}).`;

export async function writeHistory(world: World, config: HistoryConfig): Promise<HistoryReport> {
  const chats = world.agents.flatMap((agent) => [...agent.chatIds].map((chatId) => ({ agent, chatId })));
  const started = Date.now();
  const sends = Array.from({ length: config.messages * chats.length }, (_, index) => index);
  await inTurns(sends, Math.min(config.concurrency, chats.length), async (index) => {
    const { agent, chatId } = chats[index % chats.length]!;
    const text = reply(Math.floor(index / chats.length) + 1, config.messages);
    await ok(world.base, 'POST', `/api/v2/me/chats/${chatId}`, cookieAuth(agent.cookie), {
      operationName: 'SendMessage',
      text,
    });
  });
  return { sent: sends.length, ms: Date.now() - started };
}
