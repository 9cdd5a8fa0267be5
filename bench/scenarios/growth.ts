/**
 * Scenario "growth" (P8, P9): does a supervised chat cost the same in a large world as in a small
 * one? Two worlds of the REAL server (dist/main.js) on SQLite, built with the chat scenario's
 * machinery (chat-world.ts, world-setup.ts, parties.ts), the same shape scaled 10×:
 *
 *   SMALL  1,000 supervised chats: 10 agents × 100 chats (chatCapacity 100), 2 supervisors
 *   LARGE 10,000 supervised chats: 100 agents × 100 chats, 20 supervisors
 *
 * every supervisor in Monitor (AllChats) on 5 agents — 500 chats each in both worlds — so only the
 * number of chats grows, not any one party's share. Every chat first gets a 20-message transcript
 * (agents' SendMessage over the API, history.ts), so the numbers are those of chats with a history.
 *
 *   P8  P2's load (chatSizes in chat.ts: 1,000 customer SendMessage/s over 64 connections, a
 *       warm-up, then 10 s counted) on each world, in turns — SMALL, LARGE, LARGE, SMALL, halves of
 *       5 s (chat-turns.ts, as cluster.ts takes its turns) — so drift hits both alike. Rows: server
 *       CPU per SendMessage (the server process's CPU over the counted halves ÷ messages answered)
 *       and customer → agent and → supervisor p99, LARGE ÷ SMALL. Goal ≤ 1.2× each.
 *   P9  VmRSS of the LARGE server after set-up and transcripts, minus its VmRSS right after it
 *       started and the administrator logged in (before any party), ÷ chats: KB per active
 *       supervised chat, shown beside SMALL's (measured the same way). Goal "≤ 2× P4 per
 *       session", read as: a chat has three parties (agent, customer, supervisor), so KB per chat
 *       ÷ 3 ≤ 2 × P4's 6 KB (the second P9 row; growth-rows.ts says so in the notes).
 *
 * Both worlds are up at once, each server on the server core and each parties process on the
 * load core (an idle world costs the other next to nothing); they are built concurrently. Quick
 * mode (CI's smoke check of the harness, inside the quick bench's 60 s) keeps the 10× ratio at a
 * toy size: 20 vs 200 chats (1 agent and 1 supervisor vs 10 and 10), 3-message transcripts, P2's
 * quick load (200/s for 1 s) — its numbers check the harness, they say nothing about P8 or P9.
 */
import { sleep } from '../support/clock.js';
import { cpuMs, rssParts, type RssParts } from '../support/proc-stats.js';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';
import { chatSizes } from './chat.js';
import { startMeter } from './chat-meter.js';
import { side, takeTurns } from './chat-turns.js';
import { openWorld, withWorlds, type ChatWorld, type WorldShape } from './chat-world.js';
import {
  growthNotes,
  growthRows,
  type GrowthMeasurements,
  type GrowthWorld,
  type MbParts,
} from './growth-rows.js';

export function growthSizes(quick: boolean) {
  const { p2 } = chatSizes(quick);
  const chatCapacity = 100;
  return quick
    ? {
        small: { agents: 1, supervisors: 1, chats: 20, chatCapacity },
        large: { agents: 10, supervisors: 10, chats: 200, chatCapacity },
        history: { messages: 3, concurrency: 32 },
        p2,
        halves: 2,
        // Before the start RSS reading: the server's allocations settle (idle-memory.ts waits alike).
        settleMs: 300,
        idle: { windowMs: 250, share: 0.05, maxMs: 1000 },
      }
    : {
        small: { agents: 10, supervisors: 2, chats: 1000, chatCapacity },
        large: { agents: 100, supervisors: 20, chats: 10_000, chatCapacity },
        history: { messages: 20, concurrency: 64 },
        p2,
        halves: 2,
        settleMs: 1000,
        // Before P8 and the RSS reading: until each server's set-up leftovers are done (see idle()).
        idle: { windowMs: 1000, share: 0.05, maxMs: 60_000 },
      };
}

export type GrowthSizes = ReturnType<typeof growthSizes>;

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const inMb = (parts: RssParts): MbParts => ({
  rss: mb(parts.rss),
  anon: mb(parts.anon),
  file: mb(parts.file),
});

/**
 * Waits until every server uses less than `share` of a core over a window — the set-up's
 * leftovers (a WAL checkpoint, deferred work) done, so that neither world's measurement shares the
 * server core with the other's — or until `maxMs`; returns each server's share in the last window.
 * A server that never gets there is doing periodic work that grows with its world: the notes show it.
 */
async function idle(
  worlds: readonly ChatWorld[],
  options: { windowMs: number; share: number; maxMs: number },
): Promise<{ waitedMs: number; shares: number[] }> {
  const started = Date.now();
  for (;;) {
    const before = worlds.map((world) => cpuMs(world.server.child.pid));
    await sleep(options.windowMs);
    const shares = worlds.map(
      (world, index) => (cpuMs(world.server.child.pid) - before[index]!) / options.windowMs,
    );
    const waitedMs = Date.now() - started;
    if (shares.every((share) => share < options.share) || waitedMs >= options.maxMs)
      return { waitedMs, shares };
  }
}

/** A world's memory, set-up and (still empty) P8 side, read once it is ready and idle. */
function describeWorld(world: ChatWorld, shape: WorldShape, idleCpuShare: number): GrowthWorld {
  const none = { rss: Number.NaN, anon: Number.NaN, file: Number.NaN };
  const start = world.startRss ?? none;
  const after = rssParts(world.server.child.pid);
  return {
    shape,
    setupMs: world.ms,
    history: world.history,
    rssMb: { start: inMb(start), after: inMb(after) },
    kbPerChat: (after.rss - start.rss) / 1024 / shape.chats,
    idleCpuShare,
    p8: side(world),
  };
}

async function measure(context: BenchContext, sizes: GrowthSizes): Promise<GrowthMeasurements> {
  const meterStarting = startMeter(context);
  meterStarting.catch(() => {});
  const shapes = [
    { ...sizes.small, history: sizes.history },
    { ...sizes.large, history: sizes.history },
  ] as const;
  try {
    return await withWorlds(
      shapes.map((shape) =>
        openWorld(context, 'sqlite', shape, {
          label: `growth-${shape.chats}`,
          startRssSettleMs: sizes.settleMs,
        }),
      ),
      async (opened) => {
        const [small, large] = opened as [ChatWorld, ChatWorld];
        for (const world of opened) {
          const { sent = 0, ms = 0 } = world.history ?? {};
          context.log(
            `growth: ${world.customers.length} chats set up in ${world.ms} ms, ` +
              `${sent} history messages in ${ms} ms (${Math.round((sent * 1000) / Math.max(1, ms))}/s)`,
          );
        }
        const quiet = await idle(opened, sizes.idle);
        context.log(
          `growth: servers idle after ${quiet.waitedMs} ms (CPU share in the last ` +
            `${sizes.idle.windowMs} ms: ${quiet.shares.map((share) => share.toFixed(3)).join(', ')})`,
        );
        const worlds = {
          small: describeWorld(small, shapes[0], quiet.shares[0]!),
          large: describeWorld(large, shapes[1], quiet.shares[1]!),
        };
        context.log(
          `growth: RSS per chat ${worlds.small.kbPerChat.toFixed(1)} KB (small), ` +
            `${worlds.large.kbPerChat.toFixed(1)} KB (large)`,
        );
        const meter = await meterStarting;
        await takeTurns(meter, [small, large], [worlds.small.p8, worlds.large.p8], sizes);
        const p99 = (world: GrowthWorld) => world.p8.collected?.agent.latencyMs?.p99.toFixed(2);
        context.log(`P8 agent p99: large ${p99(worlds.large)} ms, small ${p99(worlds.small)} ms`);
        return { sizes, idleWaitedMs: quiet.waitedMs, ...worlds };
      },
    );
  } finally {
    await (await meterStarting.catch(() => undefined))?.child.stop();
  }
}

export const growth: Scenario = {
  name: 'growth',
  title: 'Growth: 10,000 vs 1,000 supervised chats with transcripts — CPU, latency (P8), memory (P9)',
  rowCount: 5,
  async run(context): Promise<ScenarioResult> {
    const measured = await measure(context, growthSizes(context.quick));
    return {
      rows: growthRows(measured),
      details: measured as unknown as Record<string, unknown>,
      notes: growthNotes(measured),
    };
  },
};
