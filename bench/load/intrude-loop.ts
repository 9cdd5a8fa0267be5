/**
 * P5: a supervisor who monitors nobody intrudes, one chat at a time, into the live chats while the
 * P2 load runs: `POST /api/v2/users/{agentId}/chats/{chatId} {"operationName":"Intrude",
 * "supervisorVisibilityMode":"Monitor"}` (spec §2.1), timed from just before the request is
 * written to the receipt of its `Invited` StatusChange on the supervisor's CometD WebSocket; then
 * `Reject` on its copy, so that every chat is left as it was. Bounded in count and in time.
 */
import { epochMs, sleep } from '../support/clock.js';
import { cookieAuth, ok } from './gws-client.js';
import { Tally, type TallyReport } from './tally.js';
import type { World } from './world-setup.js';

export interface IntrudeRequest {
  readonly count: number;
  readonly intervalMs: number;
  readonly maxMs: number;
}

export interface IntrudeReport {
  readonly attempted: number;
  readonly invited: TallyReport;
  /** Intrude request → its HTTP response (for comparison with the notification). */
  readonly response: TallyReport;
  readonly failures: number;
  readonly firstFailure: string | null;
}

export class IntrudeLoop {
  private readonly waiters = new Map<string, (receivedAt: number) => void>();
  private stopped = false;

  /** Every notification the intruder receives comes here. */
  notify(data: Record<string, unknown>, receivedAt: number): void {
    const chat = data.chat as { id?: string; state?: string } | undefined;
    if (data.notificationType !== 'StatusChange' || chat?.state !== 'Invited' || chat.id === undefined)
      return;
    this.waiters.get(chat.id)?.(receivedAt);
  }

  stop(): void {
    this.stopped = true;
  }

  async run(world: World, request: IntrudeRequest): Promise<IntrudeReport> {
    const targets = world.agents.flatMap((agent) => [...agent.chatIds].map((chatId) => ({ agent, chatId })));
    const headers = cookieAuth(world.intruder.cookie);
    const invited = new Tally();
    const response = new Tally();
    const deadline = epochMs() + request.maxMs;
    let attempted = 0;
    let failures = 0;
    let firstFailure: string | null = null;
    // Spread over agents: consecutive targets belong to different agents where possible.
    const stride = Math.max(1, Math.floor(targets.length / Math.max(1, world.agents.length))) + 1;
    for (let index = 0; index < request.count && !this.stopped && epochMs() < deadline; index += 1) {
      const target = targets[(index * stride) % targets.length]!;
      attempted += 1;
      try {
        const received = new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no Invited within 3 s')), 3000);
          this.waiters.set(target.chatId, (at) => {
            clearTimeout(timer);
            resolve(at);
          });
        });
        // Awaited below; if the request itself fails first, its later rejection must not go unhandled.
        received.catch(() => undefined);
        const body = { operationName: 'Intrude', supervisorVisibilityMode: 'Monitor' };
        const sentAt = epochMs();
        await ok(
          world.base,
          'POST',
          `/api/v2/users/${target.agent.id}/chats/${target.chatId}`,
          headers,
          body,
        );
        response.deliver(sentAt, epochMs());
        invited.deliver(sentAt, await received);
        await ok(world.base, 'POST', `/api/v2/me/chats/${target.chatId}`, headers, {
          operationName: 'Reject',
        });
      } catch (error) {
        failures += 1;
        firstFailure ??= error instanceof Error ? error.message : String(error);
      } finally {
        this.waiters.delete(target.chatId);
      }
      await sleep(request.intervalMs);
    }
    return { attempted, invited: invited.report(), response: response.report(), failures, firstFailure };
  }
}
