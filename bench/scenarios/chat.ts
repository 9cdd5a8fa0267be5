/**
 * Scenario "chat": the REAL server (dist/main.js, built from src/) doing contact-center work, against baselines
 * measured in the same run with the same load generator (bench/load/http-meter.ts, raw keep-alive
 * HTTP/1.1 sockets, its own process on the load core):
 *
 *   P1  durable SendMessage/s on SQLite: agents' `POST /api/v2/me/chats/{id} SendMessage` with
 *       their JSESSIONID, closed loop over many connections spread over every chat — each one
 *       validated, persisted and fanned out over CometD WebSocket to the agent and to the
 *       supervisor monitoring it (the parties process counts the receipts) — vs a bare
 *       `node:http` hello world (servers/hello-http.ts) given the same requests. Goal ≥ 0.35×.
 *       Beside it, for reference, fastify alone (servers/fastify-noop.ts: the same route, a no-op
 *       handler) with the same requests: the most any fastify route can reach on this machine; and
 *       Parley's own HTTP layer without chat work: the agents' `GET /api/v2/me` on the same server
 *       (routing, the guard with the cached cookie session, validation, the envelope).
 *   P2  end-to-end latency in live supervised chats: customers (customer API) send at a fixed
 *       total rate; each text carries its send time; p50/p99/max to the agent's and to the
 *       supervisor's WebSocket receipt — vs a raw `ws` echo (servers/ws-echo.ts) at the same rate.
 *       Goals p99 ≤ 3 ms and ≤ 3× the echo's p99.
 *   P5  Intrude → the intruding supervisor's `Invited` over WebSocket, while P2's load runs (then
 *       Reject). Goal p99 ≤ 5 ms; the echo's numbers are shown beside it for scale.
 *   P6  P1 on PostgreSQL (fresh schema) vs P1 on SQLite. Goal ≥ 0.5×.
 *
 * World (chat-world.ts, world-setup.ts): agents at chatCapacity 100, a few supervisors each in
 * Monitor on a share of the agents, one intruding supervisor, one accepted chat per customer.
 * Every P1/P2 run is preceded by a short warm-up run of the same kind that is not counted. Both
 * worlds are built at once and stay up; P1 SQLite, P2 + P5, then P1 PostgreSQL run one at a time.
 */
import { sleep } from '../support/clock.js';
import { cpuMs } from '../support/proc-stats.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';
import type { HttpRunResult, HttpTarget } from '../load/http-run.js';
import { startBaselineServer, type Server } from '../support/peers.js';
import { agentTargets, customerTargets, meTargets, startMeter, type Meter } from './chat-meter.js';
import { chatNotes, chatRows, type ChatMeasurements, type Throughput } from './chat-rows.js';
import { openWorld, type ChatWorld, type Collected, type StoreKind } from './chat-world.js';

export function chatSizes(quick: boolean) {
  return quick
    ? {
        shape: { agents: 4, supervisors: 2, chats: 60, chatCapacity: 100 },
        p1: { connections: 32, warmupMs: 300, durationMs: 1000 },
        p2: { ratePerSecond: 200, connections: 32, warmupMs: 300, durationMs: 1500 },
        intrude: { count: 20, intervalMs: 50 },
        echoSockets: 50,
      }
    : {
        shape: { agents: 20, supervisors: 4, chats: 1000, chatCapacity: 100 },
        p1: { connections: 64, warmupMs: 1000, durationMs: 5000 },
        p2: { ratePerSecond: 1000, connections: 64, warmupMs: 1000, durationMs: 10_000 },
        // Up to 500 Intrudes over P2's 10 s: p99 then rests on about 5 samples, not 2.
        intrude: { count: 500, intervalMs: 20 },
        echoSockets: 100,
      };
}

type Sizes = ReturnType<typeof chatSizes>;

/** A closed-loop run after an uncounted warm-up; server CPU per counted op beside it. */
async function throughput(
  meter: Meter,
  server: Server,
  targets: HttpTarget[],
  sizes: Sizes,
  before?: () => Promise<void>,
) {
  const port = Number(new URL(server.url).port);
  const { connections, warmupMs, durationMs } = sizes.p1;
  await meter.http({ port, connections, targets, warmupMs: 0, durationMs: warmupMs, ratePerSecond: 0 });
  await before?.();
  const cpuBefore = cpuMs(server.child.pid);
  const run = await meter.http({ port, connections, targets, warmupMs: 0, durationMs, ratePerSecond: 0 });
  const serverCpuUsPerOp = ((cpuMs(server.child.pid) - cpuBefore) * 1000) / Math.max(1, run.ok);
  return { run, serverCpuUsPerOp };
}

async function parleyThroughput(meter: Meter, world: ChatWorld, sizes: Sizes): Promise<Throughput> {
  const measured = await throughput(meter, world.server, agentTargets(world.agents), sizes, () =>
    world.measure(),
  );
  await sleep(300);
  const collected = await world.collect();
  return { ...measured, deliveries: collected.p1 };
}

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

/**
 * Both worlds are built at the same time (set-up is mostly round trips) and measured one after the
 * other: an idle world — its sessions holding their /meta/connect — costs the other next to nothing.
 */
async function withWorlds<T>(
  context: BenchContext,
  sizes: Sizes,
  work: (worlds: Record<StoreKind, ChatWorld>) => Promise<T>,
): Promise<T> {
  const opening = await Promise.allSettled(
    (['sqlite', 'postgres'] as const).map((store) => openWorld(context, store, sizes.shape)),
  );
  const opened = opening.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = opening.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const [sqlite, postgres] = opened as [ChatWorld, ChatWorld];
    for (const world of opened) {
      context.log(
        `${world.store}: world of ${world.customers.length} supervised chats ready in ${world.ms} ms`,
      );
    }
    return await work({ sqlite, postgres });
  } finally {
    for (const world of opened) await world.close();
  }
}

/** The baselines, both servers started at once (an idle echo server does not disturb the hello world). */
async function baselines(context: BenchContext, meter: Meter, sizes: Sizes) {
  const [hello, echo] = await Promise.all([
    startBaselineServer(context, 'hello-http'),
    startBaselineServer(context, 'ws-echo'),
  ]);
  try {
    // The same requests P1 sends (paths, cookies, bodies); the hello world ignores what they say.
    const fake = Array.from({ length: 8 }, (_, i) => ({
      id: `a${i}`,
      cookie: 'x'.repeat(43),
      chatIds: [`c${i}`],
    }));
    const helloResult = await throughput(meter, hello, agentTargets(fake), sizes);
    context.log(`hello world: ${Math.round(helloResult.run.opsPerSecond)} ops/s`);
    await hello.child.stop();
    // The framework alone, same requests: what is left of the hello world before any Parley work.
    const framework = await startBaselineServer(context, 'fastify-noop');
    let frameworkResult: Throughput;
    try {
      frameworkResult = await throughput(meter, framework, agentTargets(fake), sizes);
    } finally {
      await framework.child.stop();
    }
    context.log(`fastify no-op: ${Math.round(frameworkResult.run.opsPerSecond)} ops/s`);
    const url = echo.url.replace(/^http/, 'ws');
    const { ratePerSecond, warmupMs, durationMs } = sizes.p2;
    const echoResult = await meter.wsEcho({
      url,
      sockets: sizes.echoSockets,
      ratePerSecond,
      warmupMs,
      durationMs,
    });
    context.log(`ws echo: p99 ${echoResult.latencyMs?.p99.toFixed(2)} ms`);
    return { hello: helloResult, framework: frameworkResult, echo: echoResult };
  } finally {
    await hello.child.stop();
    await echo.child.stop();
  }
}

export const chat: Scenario = {
  name: 'chat',
  title: 'Real server: SendMessage throughput (P1, P6), supervised-chat latency (P2), Intrude (P5)',
  rowCount: 12,
  async run(context): Promise<ScenarioResult> {
    const sizes = chatSizes(context.quick);
    const meter = await startMeter(context);
    try {
      const base = await baselines(context, meter, sizes);
      const measured: ChatMeasurements = await withWorlds(context, sizes, async (worlds) => {
        const p1 = await parleyThroughput(meter, worlds.sqlite, sizes);
        context.log(`sqlite: ${Math.round(p1.run.opsPerSecond)} SendMessage/s`);
        const me = await throughput(meter, worlds.sqlite.server, meTargets(worlds.sqlite.agents), sizes);
        context.log(`sqlite: ${Math.round(me.run.opsPerSecond)} GET /api/v2/me/s`);
        const p2 = await supervisedLatency(meter, worlds.sqlite, sizes);
        context.log(`sqlite: P2 agent p99 ${p2.collected.p2.agent.latencyMs?.p99.toFixed(2)} ms`);
        const pgP1 = await parleyThroughput(meter, worlds.postgres, sizes);
        context.log(`postgres: ${Math.round(pgP1.run.opsPerSecond)} SendMessage/s`);
        return {
          sizes,
          ...base,
          sqlite: { setupMs: worlds.sqlite.ms, p1, me, p2 },
          postgres: { setupMs: worlds.postgres.ms, p1: pgP1 },
        };
      });
      return {
        rows: chatRows(measured),
        details: measured as unknown as Record<string, unknown>,
        notes: chatNotes(measured),
      };
    } finally {
      await meter.child.stop();
    }
  },
};
