/**
 * Scenario "cluster" (P7): P2's customer → agent latency across two nodes of the REAL server
 * (dist/main.js, built from src/). The customers' SendMessage goes to node 1; every agent's and
 * supervisor's CometD WebSocket session is on node 2 (connected to it directly, no load balancer),
 * so every message crosses the Redis bus: node 1 commits, appends the announcement to the
 * `<prefix>:bus` stream, node 2 reads it there and delivers. Beside it, in the same run, the same
 * load on ONE node with its in-process bus. Goal: two-node p99 ≤ 1.5× one-node p99.
 *
 * Fairness — the two worlds differ in the number of nodes and in the bus, nothing else:
 *   - the same store: each world gets a fresh PostgreSQL schema (chat-world.ts, as P6 makes its
 *     own); the two nodes share theirs (with REDIS_URL, Parley requires PostgreSQL), the single
 *     node has no REDIS_URL and so uses the in-process bus;
 *   - the same world shape, rate, connections, warm-up and counted duration as P2 (chatSizes in
 *     chat.ts, full and quick), built the same way (world-setup.ts): one parties process per world
 *     on the load core; REST set-up (users, Monitor, Ready, RequestChat, Accept) goes to node 1 —
 *     users, sessions and chats live in the shared store — while the parties' sessions are on
 *     node 2; the same meter process (load core) sends the customers' SendMessage, to node 1 or to
 *     the single node;
 *   - the same CPU: run.ts pins servers to one core, so the two nodes share the server core that
 *     the single node has to itself (two nodes get no more CPU than one; they do pay for two event
 *     loops on one core). PostgreSQL and Redis are the machine's services, unpinned, in both runs;
 *   - taking turns: both worlds are built at once and stay up (an idle world costs the other next
 *     to nothing); the counted duration is measured in two halves, in the order one node, two
 *     nodes, two nodes, one node, each world's warm-up just before its first half, so that the
 *     machine's drift and PostgreSQL's background work after the first runs fall on both alike.
 *     Each world's parties process tallies its two halves together (nothing reaches a world while
 *     the other is measured); chat-turns.ts takes the turns, as it does for scenarios/growth.ts.
 *
 * Fresh state per run: a new PARLEY_REDIS_PREFIX (`parley-bench-<pid>-<time>-<random>`) whose keys
 * `<prefix>:bus` and `<prefix>:epoch` are deleted when the nodes have stopped, and the schemas
 * dropped, also when something failed.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BenchContext, Scenario, ScenarioResult } from '../scenario.js';
import { chatSizes } from './chat.js';
import { startMeter } from './chat-meter.js';
import { side, takeTurns, type Side } from './chat-turns.js';
import { clusterNotes, clusterRows, type ClusterMeasurements } from './cluster-rows.js';
import { openWorld, withWorlds, type ChatWorld, type WorldNodes } from './chat-world.js';

export const redisUrl = 'redis://127.0.0.1:6379';
const halves = 2;

export function clusterSizes(quick: boolean) {
  const { shape, p2 } = chatSizes(quick);
  return { shape, p2, halves };
}

/** Deletes the bus's keys of one run; a failure is logged, not thrown (it must not hide another). */
async function deleteKeys(prefix: string, log: (message: string) => void): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000 });
  try {
    await redis.connect();
    await redis.del(`${prefix}:bus`, `${prefix}:epoch`);
  } catch (error) {
    log(`cluster: could not delete the Redis keys ${prefix}:*: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}

/** Both worlds at once; closed (nodes, parties, schema) however `work` ends (chat-world.ts). */
function withNodeWorlds<T>(
  context: BenchContext,
  prefix: string,
  work: (one: ChatWorld, two: ChatWorld) => Promise<T>,
): Promise<T> {
  const { shape } = clusterSizes(context.quick);
  const shared = { REDIS_URL: redisUrl, PARLEY_REDIS_PREFIX: prefix };
  const kinds: WorldNodes[] = [{ label: 'one-node' }, { label: 'two-nodes', count: 2, env: shared }];
  return withWorlds(
    kinds.map((nodes) => openWorld(context, 'postgres', shape, nodes)),
    (opened) => {
      for (const [index, world] of opened.entries()) {
        context.log(
          `${kinds[index]!.label}: world of ${world.customers.length} supervised chats in ${world.ms} ms`,
        );
      }
      return work(opened[0]!, opened[1]!);
    },
  );
}

export const cluster: Scenario = {
  name: 'cluster',
  title: 'Two nodes (PostgreSQL + Redis bus): customer on node 1 → agent on node 2 (P7)',
  rowCount: 4,
  async run(context): Promise<ScenarioResult> {
    const sizes = clusterSizes(context.quick);
    const prefix = `parley-bench-${process.pid}-${Date.now()}-${randomBytes(3).toString('hex')}`;
    const meterStarting = startMeter(context);
    meterStarting.catch(() => {});
    try {
      const measured: ClusterMeasurements = await withNodeWorlds(context, prefix, async (one, two) => {
        const meter = await meterStarting;
        const sides = { one: side(one), two: side(two) };
        // One node, two nodes, two nodes, one node: each world's warm-up before its first half.
        await takeTurns(meter, [one, two], [sides.one, sides.two], sizes);
        const p99 = (s: Side) => s.collected?.agent.latencyMs?.p99.toFixed(2);
        context.log(`P7 agent p99: two nodes ${p99(sides.two)} ms, one node ${p99(sides.one)} ms`);
        return {
          sizes,
          pinned: context.serverCpu !== undefined,
          prefix,
          oneNode: sides.one,
          twoNodes: sides.two,
        };
      });
      return { rows: clusterRows(measured), details: { ...measured }, notes: clusterNotes(measured) };
    } finally {
      await (await meterStarting.catch(() => undefined))?.child.stop();
      await deleteKeys(prefix, context.log);
    }
  },
};
