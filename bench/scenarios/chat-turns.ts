/**
 * P2's customer load on several live worlds taken in turns (scenarios/cluster.ts: one node vs two
 * nodes; scenarios/growth.ts: 1,000 vs 10,000 chats). Every world stays up; each counted run is
 * split into `halves`, and the scenario orders them A, B, B, A — each world's warm-up just before
 * its first half — so that the machine's drift falls on both worlds alike. Each world's parties
 * process tallies its halves together (nothing reaches a world while the other is measured), and
 * the CPU its server process(es) used during the counted halves is summed per node.
 */
import { sleep } from '../support/clock.js';
import { cpuMs } from '../support/proc-stats.js';
import type { HttpRunResult } from '../load/http-run.js';
import type { chatSizes } from './chat.js';
import { customerTargets, type Meter } from './chat-meter.js';
import type { ByReceiver, ChatWorld } from './chat-world.js';

/** One world's measurements: its counted halves, its nodes' CPU during them, its receipts. */
export interface Side {
  readonly setupMs: number;
  readonly runs: HttpRunResult[];
  /** CPU of each node during the counted halves: [the node] or [node 1, node 2]. */
  readonly serverCpuMs: number[];
  collected: ByReceiver | null;
}

export interface TurnSizes {
  readonly p2: ReturnType<typeof chatSizes>['p2'];
  /** The counted duration (p2.durationMs) is measured in this many parts. */
  readonly halves: number;
}

/** The distinct server processes of a world: [the node] or [node 1, node 2]. */
const nodesOf = (world: ChatWorld) => [...new Set([world.server, world.sessionServer])];

export function side(world: ChatWorld): Side {
  return { setupMs: world.ms, runs: [], serverCpuMs: nodesOf(world).map(() => 0), collected: null };
}

/** P2's open-loop customer SendMessage, to the world's node 1 (or its only node), for `durationMs`. */
function customerLoad(meter: Meter, world: ChatWorld, sizes: TurnSizes, durationMs: number) {
  const { ratePerSecond, connections } = sizes.p2;
  const port = Number(new URL(world.server.url).port);
  const targets = customerTargets(world.contactCenterId, world.customers);
  return meter.http({ port, connections, targets, warmupMs: 0, durationMs, ratePerSecond });
}

/** The warm-up (not counted), then the world's parties process starts a new tally. */
async function warmAndArm(meter: Meter, world: ChatWorld, sizes: TurnSizes): Promise<void> {
  await customerLoad(meter, world, sizes, sizes.p2.warmupMs);
  // The warm-up's last deliveries land before the tally starts.
  await sleep(200);
  await world.measure();
}

/** One counted half, and the CPU each node used meanwhile. */
async function half(meter: Meter, world: ChatWorld, measured: Side, sizes: TurnSizes): Promise<void> {
  const nodes = nodesOf(world);
  const before = nodes.map((node) => cpuMs(node.child.pid));
  const run = await customerLoad(meter, world, sizes, Math.round(sizes.p2.durationMs / sizes.halves));
  nodes.forEach((node, index) => (measured.serverCpuMs[index]! += cpuMs(node.child.pid) - before[index]!));
  measured.runs.push(run);
}

/**
 * A, B, B, A for two halves (and A, B, B, A, A, B, … for more): each world's warm-up before its
 * first half, the tallies collected at the end.
 */
export async function takeTurns(
  meter: Meter,
  worlds: readonly [ChatWorld, ChatWorld],
  sides: readonly [Side, Side],
  sizes: TurnSizes,
): Promise<void> {
  const warmed = [false, false];
  for (let index = 0; index < 2 * sizes.halves; index += 1) {
    // 0 1 1 0 0 1 1 0 …: which world takes the index-th half.
    const which = Math.floor((index + 1) / 2) % 2;
    const world = worlds[which]!;
    if (!warmed[which]) {
      await warmAndArm(meter, world, sizes);
      warmed[which] = true;
    }
    await half(meter, world, sides[which]!, sizes);
  }
  await sleep(500);
  for (const [which, world] of worlds.entries()) sides[which]!.collected = (await world.collect()).p2;
}
