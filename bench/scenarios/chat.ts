/**
 * Scenario "chat": the REAL server (dist/main.js, built from src/) doing contact-center work, against baselines
 * measured in the same run with the same load generator (bench/load/http-meter.ts, raw keep-alive
 * HTTP/1.1 sockets, its own process on the load core):
 *
 *   P1  durable SendMessage/s on SQLite: agents' `POST /api/v2/me/chats/{id} SendMessage` with
 *       their JSESSIONID, closed loop over many connections spread over every chat — each one
 *       validated, persisted and fanned out over CometD WebSocket to the agent and to the
 *       supervisor monitoring it (the parties process counts the receipts) — vs fastify alone
 *       (servers/fastify-noop.ts: the same route, a no-op handler) given the same requests: the
 *       most any fastify route can reach on this machine. Goal ≥ 0.5×; server CPU per op beside it,
 *       against the no-op's. For reference, a bare `node:http` hello world (servers/hello-http.ts)
 *       with the same requests, and Parley's own HTTP layer without chat work: the agents'
 *       `GET /api/v2/me` on the same server (routing, the guard with the cached cookie session,
 *       validation, the envelope).
 *   P2  end-to-end latency in live supervised chats: customers (customer API) send at a fixed
 *       total rate; each text carries its send time; p50/p99/max to the agent's and to the
 *       supervisor's WebSocket receipt — vs a raw `ws` echo (servers/ws-echo.ts) at the same rate,
 *       measured for half of P2's duration just before P2 and half just after (one pooled result).
 *       Goal: p99 ≤ 2× the echo's p99, to the agent and to the supervisor.
 *   P5  Intrude → the intruding supervisor's `Invited` over WebSocket, while P2's load runs (then
 *       Reject). Goal p99 ≤ 2× the echo's p99.
 *   P6  P1 on PostgreSQL (fresh schema) vs P1 on SQLite. Goal ≥ 0.5×.
 *
 * World (chat-world.ts, world-setup.ts): agents at chatCapacity 100, a few supervisors each in
 * Monitor on a share of the agents, one intruding supervisor, one accepted chat per customer.
 * Every P1/P2 run is preceded by a short warm-up run of the same kind that is not counted. Both
 * worlds are built at once and stay up, and so do the hello world and the fastify no-op server:
 * P2 + P5 run first, on SQLite; then P1's contenders (both baselines, SQLite SendMessage,
 * GET /api/v2/me, PostgreSQL SendMessage) take turns, round after round (chat-rounds.ts).
 */
import { sleep } from '../support/clock.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';
import type { HttpRunResult } from '../load/http-run.js';
import { startBaselineServer } from '../support/peers.js';
import {
  agentTargets,
  baselineTargets,
  customerTargets,
  meTargets,
  startMeter,
  type Meter,
} from './chat-meter.js';
import { alternate } from './chat-rounds.js';
import { chatNotes, chatRows, type ChatMeasurements } from './chat-rows.js';
import { openWorld, withWorlds, type ChatWorld, type Collected, type StoreKind } from './chat-world.js';

export function chatSizes(quick: boolean) {
  return quick
    ? {
        shape: { agents: 4, supervisors: 2, chats: 60, chatCapacity: 100 },
        // The smoke check of CI: one round, short runs (the whole quick bench must stay under 60 s).
        p1: { connections: 32, warmupMs: 100, durationMs: 300, rounds: 1 },
        p2: { ratePerSecond: 200, connections: 32, warmupMs: 200, durationMs: 600 },
        intrude: { count: 20, intervalMs: 50 },
        echoSockets: 50,
      }
    : {
        shape: { agents: 20, supervisors: 4, chats: 1000, chatCapacity: 100 },
        // Five contenders take turns; 3 rounds of 0.5 + 2 s each take about 40 s.
        p1: { connections: 64, warmupMs: 500, durationMs: 2000, rounds: 3 },
        p2: { ratePerSecond: 1000, connections: 64, warmupMs: 1000, durationMs: 10_000 },
        // Up to 500 Intrudes over P2's 10 s: p99 then rests on about 5 samples, not 2.
        intrude: { count: 500, intervalMs: 20 },
        echoSockets: 100,
      };
}

type Sizes = ReturnType<typeof chatSizes>;

async function supervisedLatency(
  meter: Meter,
  world: ChatWorld,
  sizes: Sizes,
): Promise<{ run: HttpRunResult; collected: Collected }> {
  const port = Number(new URL(world.server.url).port);
  const targets = customerTargets(world.contactCenterId, world.customers);
  const { ratePerSecond, connections, warmupMs, durationMs } = sizes.p2;
  await meter.http({ port, connections, targets, warmupMs: 0, durationMs: warmupMs, ratePerSecond });
  await world.measure({ ...sizes.intrude, maxMs: durationMs });
  const run = await meter.http({ port, connections, targets, warmupMs: 0, durationMs, ratePerSecond });
  await sleep(500);
  return { run, collected: await world.collect() };
}

/** Both worlds are built at the same time and measured one after the other (chat-world.ts). */
function withStores<T>(
  context: BenchContext,
  sizes: Sizes,
  work: (worlds: Record<StoreKind, ChatWorld>) => Promise<T>,
): Promise<T> {
  const stores = ['sqlite', 'postgres'] as const;
  return withWorlds(
    stores.map((store) => openWorld(context, store, sizes.shape)),
    (opened) => {
      const [sqlite, postgres] = opened as [ChatWorld, ChatWorld];
      for (const world of opened) {
        context.log(
          `${world.store}: world of ${world.customers.length} supervised chats ready in ${world.ms} ms`,
        );
      }
      return work({ sqlite, postgres });
    },
  );
}

export const chat: Scenario = {
  name: 'chat',
  title: 'Real server: SendMessage throughput (P1, P6), supervised-chat latency (P2), Intrude (P5)',
  rowCount: 12,
  async run(context): Promise<ScenarioResult> {
    const sizes = chatSizes(context.quick);
    // The meter and the baselines start while the worlds are built (nothing is measured then), and
    // they stay up: an idle server — or an idle world, its sessions holding their /meta/connect —
    // costs the others next to nothing. (run.ts stops a scenario's processes when it ends.)
    const starting = Promise.all([
      startBaselineServer(context, 'hello-http'),
      startBaselineServer(context, 'fastify-noop'),
      startBaselineServer(context, 'ws-echo'),
    ]);
    const meterStarting = startMeter(context);
    // Both are awaited below; a failure must not go unhandled meanwhile.
    starting.catch(() => {});
    meterStarting.catch(() => {});
    try {
      const measured: ChatMeasurements = await withStores(context, sizes, async (worlds) => {
        const { sqlite, postgres } = worlds;
        const [meter, [hello, framework, echoServer]] = await Promise.all([meterStarting, starting]);
        const { ratePerSecond, warmupMs, durationMs } = sizes.p2;
        // The echo's counted time in two halves, just before and just after P2's (pooled in one
        // result): both sides of P2's and P5's ratios then cover the same stretch of this machine.
        const echoHalf = (part: 'first' | 'last') =>
          meter.wsEcho({
            url: echoServer.url.replace(/^http/, 'ws'),
            sockets: sizes.echoSockets,
            ratePerSecond,
            warmupMs,
            durationMs: durationMs / 2,
            part,
          });
        const before = await echoHalf('first');
        context.log(`ws echo, first half: p99 ${before.latencyMs?.p99.toFixed(2)} ms`);
        // P2 and P5 first: after P1's bursts, PostgreSQL's background writers would share the cores.
        const p2 = await supervisedLatency(meter, sqlite, sizes);
        context.log(`sqlite: P2 agent p99 ${p2.collected.p2.agent.latencyMs?.p99.toFixed(2)} ms`);
        const echo = await echoHalf('last');
        context.log(`ws echo, both halves: p99 ${echo.latencyMs?.p99.toFixed(2)} ms`);
        await Promise.all([sqlite.measure(), postgres.measure()]);
        const rounds = await alternate(
          meter,
          [
            { name: 'hello', server: hello, targets: baselineTargets },
            { name: 'framework', server: framework, targets: baselineTargets },
            { name: 'sqlite', server: sqlite.server, targets: agentTargets(sqlite.agents) },
            { name: 'me', server: sqlite.server, targets: meTargets(sqlite.agents) },
            { name: 'postgres', server: postgres.server, targets: agentTargets(postgres.agents) },
          ],
          sizes.p1,
          context.log,
        );
        await sleep(300);
        const [sqliteP1, postgresP1] = [(await sqlite.collect()).p1, (await postgres.collect()).p1];
        return {
          sizes,
          hello: rounds.hello!,
          framework: rounds.framework!,
          echo,
          sqlite: { setupMs: sqlite.ms, p1: { ...rounds.sqlite!, deliveries: sqliteP1 }, me: rounds.me!, p2 },
          postgres: { setupMs: postgres.ms, p1: { ...rounds.postgres!, deliveries: postgresP1 } },
        };
      });
      return {
        rows: chatRows(measured),
        details: measured as unknown as Record<string, unknown>,
        notes: chatNotes(measured),
      };
    } finally {
      const baselines = await starting.catch(() => []);
      await Promise.all(baselines.map((server) => server.child.stop()));
      await (await meterStarting.catch(() => undefined))?.child.stop();
    }
  },
};
