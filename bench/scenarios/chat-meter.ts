/**
 * The chat scenario's meter process (bench/load/http-meter.ts) seen from the bench: started once
 * per scenario on the load core, it measures Parley and the baselines alike, one command at a time.
 */
import type { BenchContext } from '../scenario.js';
import type { HttpRunRequest, HttpRunResult, HttpTarget } from '../load/http-run.js';
import type { WsEchoRequest, WsEchoResult } from '../load/ws-echo.js';
import type { Child } from '../support/processes.js';
import type { WorldAgent } from './chat-world.js';

export interface Meter {
  http(request: HttpRunRequest): Promise<HttpRunResult>;
  wsEcho(request: WsEchoRequest): Promise<WsEchoResult>;
  readonly child: Child;
}

async function answer<T>(child: Child, event: string, timeoutMs: number): Promise<T> {
  const pattern = new RegExp(`^\\{"event":"(${event}|error)"`);
  const line = await child.line((text) => pattern.test(text), timeoutMs, event);
  const parsed = JSON.parse(line) as T & { event: string; message?: string };
  if (parsed.event === 'error') throw new Error(`meter: ${parsed.message}`);
  return parsed;
}

export async function startMeter(context: BenchContext): Promise<Meter> {
  const child = context.processes.spawn({
    name: 'meter',
    nodeArgs: ['--import', 'tsx', 'bench/load/http-meter.ts'],
    cpu: context.loadCpu,
    cwd: context.root,
  });
  await child.event('ready', 30_000);
  return {
    child,
    http(request) {
      child.send({ cmd: 'http', ...request });
      return answer(child, 'http', request.warmupMs + request.durationMs + 30_000);
    },
    wsEcho(request) {
      child.send({ cmd: 'ws-echo', ...request });
      return answer(child, 'ws-echo', request.warmupMs + request.durationMs + 30_000);
    },
  };
}

/** P1: each agent's SendMessage on each of its chats, interleaved so that neighbours differ. */
export function agentTargets(agents: readonly WorldAgent[]): HttpTarget[] {
  const body = JSON.stringify({ operationName: 'SendMessage', text: 'bench:p1:__T__' });
  const longest = Math.max(...agents.map((agent) => agent.chatIds.length));
  const targets: HttpTarget[] = [];
  for (let index = 0; index < longest; index += 1) {
    for (const agent of agents) {
      const chatId = agent.chatIds[index];
      if (chatId === undefined) continue;
      targets.push({
        path: `/api/v2/me/chats/${chatId}`,
        headers: { cookie: `JSESSIONID=${agent.cookie}` },
        body,
      });
    }
  }
  return targets;
}

/**
 * The P1 requests for the baselines (the hello world, the fastify no-op): the same paths, cookies
 * and bodies as Parley's, which they ignore.
 */
export const baselineTargets = agentTargets(
  Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, cookie: 'x'.repeat(43), chatIds: [`c${i}`] })),
);

/**
 * P1's reference for Parley's HTTP layer: each agent's `GET /api/v2/me` with its JSESSIONID —
 * routing, the guard (cached cookie session), query validation, the envelope — and no chat work.
 */
export function meTargets(agents: readonly WorldAgent[]): HttpTarget[] {
  return agents.map((agent) => ({
    method: 'GET',
    path: '/api/v2/me',
    headers: { cookie: `JSESSIONID=${agent.cookie}` },
    body: '',
  }));
}

/** P2: each customer's SendMessage through the customer API (spec §6.1). */
export function customerTargets(contactCenterId: string, customers: readonly string[]): HttpTarget[] {
  const body = JSON.stringify({ operationName: 'SendMessage', text: 'bench:p2:__T__' });
  return customers.map((token) => ({
    path: `/api/v2/chats/${token}`,
    headers: { contactcenterid: contactCenterId },
    body,
  }));
}
