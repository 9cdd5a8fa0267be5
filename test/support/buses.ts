/**
 * Real buses for tests (STYLE.md §11, §18): the in-process bus, and the Redis bus on the machine's
 * Redis (REDIS_TEST_URL, default redis://127.0.0.1:6379) under a fresh key prefix per deployment,
 * whose keys are deleted afterwards. A "deployment" is the buses of its nodes: one for the
 * in-process bus, two Redis buses sharing a prefix for the Redis bus.
 *
 * When Redis is unreachable the Redis cases are skipped with a one-line reason, except under
 * CI=true, where an unreachable Redis fails the run.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import { Redis } from 'ioredis';
import type { Bus } from '../../src/notifications/bus.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import type { BusLogger } from '../../src/notifications/redis-connection.js';
import type { RedisBusOptions } from '../../src/notifications/redis-bus.js';
import { RedisBus } from '../../src/notifications/redis-bus.js';
import type { SequencerOptions } from '../../src/notifications/sequencer.js';
import { skipUnlessThere } from './skips.js';

export const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';

let reachable: Promise<string | undefined> | undefined;

export function redisUnreachable(url = REDIS_URL): Promise<string | undefined> {
  reachable ??= (async () => {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    try {
      await redis.connect();
      await redis.ping();
      return undefined;
    } catch (error) {
      return `Redis unreachable at ${url}: ${(error as Error).message}`;
    } finally {
      redis.disconnect();
    }
  })();
  return reachable;
}

/** `{ skip: reason }` for node:test when Redis cannot be used and CI is not set. */
export async function redisBusSkip(): Promise<{ skip?: string }> {
  return skipUnlessThere(await redisUnreachable(), 'Redis');
}

/** Log lines a bus wrote, as `level message`. */
export function recordingBusLogger(): BusLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (_details: object, message: string) => void lines.push(`${level} ${message}`);
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Deployment {
  /** One bus per node. */
  readonly nodes: readonly Bus[];
  close(): Promise<void>;
}

export interface BusSuite {
  readonly name: 'in-process' | 'redis';
  readonly skip: { skip?: string };
  deploy(sequencing?: SequencerOptions): Promise<Deployment>;
}

/** Opens `count` Redis buses sharing one fresh prefix; closing deletes the prefix's keys. */
export async function redisDeployment(
  count: number,
  options: Partial<RedisBusOptions> = {},
): Promise<Deployment & { readonly prefix: string }> {
  const prefix = options.prefix ?? `parley-test-${randomBytes(6).toString('hex')}`;
  const url = options.url ?? REDIS_URL;
  const logger = options.logger ?? recordingBusLogger();
  const nodes = await Promise.all(
    Array.from({ length: count }, () => RedisBus.open({ ...options, url, prefix, logger })),
  );
  return {
    nodes,
    prefix,
    async close() {
      await Promise.all(nodes.map((bus) => bus.close()));
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      redis.on('error', () => {});
      await redis
        .connect()
        .then(() => redis.del(`${prefix}:bus`, `${prefix}:epoch`))
        .catch(() => {});
      redis.disconnect();
    },
  };
}

/** Declares `suite` once per bus, as `${title}: in-process` and `${title}: redis`. */
export function describeEachBus(title: string, suite: (bus: BusSuite) => void): void {
  describe(`${title}: in-process`, () => {
    suite({
      name: 'in-process',
      skip: {},
      deploy: async (sequencing) => {
        const bus = new InProcessBus(() => {}, sequencing);
        return { nodes: [bus], close: () => bus.close() };
      },
    });
  });
  describe(`${title}: redis`, async () => {
    const skip = await redisBusSkip();
    suite({ name: 'redis', skip, deploy: (sequencing) => redisDeployment(2, { sequencing }) });
  });
}
