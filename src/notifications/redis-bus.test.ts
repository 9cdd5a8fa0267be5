/**
 * The Redis bus when Redis goes away, on a private redis-server (test/support/redis-process.ts):
 * a dropped connection loses nothing (the stream is read on from the last id); a Redis restart
 * loses what Redis held, and every node says so (onLost, so the hub makes its sessions rebuild);
 * what is published while Redis is down arrives once it is back; logs say lost and reconnected.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Redis } from 'ioredis';
import { recordingBusLogger, redisDeployment } from '../../test/support/buses.js';
import type { RedisProcess } from '../../test/support/redis-process.js';
import { redisSkip, startRedis } from '../../test/support/redis-process.js';
import { deliveriesOf } from './announcement.js';
import type { Announcement, Bus } from './bus.js';
import { waitFor } from '../../test/support/wait.js';

const skip = redisSkip();
let redis: RedisProcess;
before(async () => {
  if (!skip.skip) redis = await startRedis();
});
after(() => redis?.stop());

let counter = 0;
const say = (text: string): Announcement => ({
  key: `resilience.${++counter}`,
  chat: null,
  deliveries: deliveriesOf([{ userIds: ['u'], channel: '/v2/me/chats', data: text }]),
});

/** What each node's listener received, and how many times a node reported a loss. */
function watch(buses: readonly Bus[]) {
  const lost = { count: 0 };
  for (const bus of buses) bus.onLost(() => (lost.count += 1));
  return { got: texts(buses), lost };
}

function texts(buses: readonly Bus[]) {
  const got = buses.map(() => [] as string[]);
  buses.forEach((bus, i) =>
    bus.subscribe((d) => got[i]!.push((JSON.parse(d.message) as { data: string }).data)),
  );
  return got;
}

test('a dropped connection loses nothing and reports no loss', skip, async () => {
  const logger = recordingBusLogger();
  const deployment = await redisDeployment(2, { url: redis.url, logger });
  try {
    const { got, lost } = watch(deployment.nodes);
    await deployment.nodes[0]!.publish(say('before'));
    await waitFor(() => got.every((g) => g.length === 1), 10_000, 'before');
    // Redis drops every client connection (the stream stays); publish while they reconnect.
    const admin = new Redis(redis.url);
    await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    admin.disconnect();
    await deployment.nodes[1]!.publish(say('during'));
    await deployment.nodes[0]!.publish(say('after'));
    await waitFor(() => got.every((g) => g.length === 3), 10_000, 'during and after');
    assert.deepEqual(got, [
      ['before', 'during', 'after'],
      ['before', 'during', 'after'],
    ]);
    assert.equal(lost.count, 0);
    assert.ok(logger.lines.includes('warn bus: lost Redis; reconnecting'), logger.lines.join('\n'));
    assert.ok(logger.lines.includes('info bus: reconnected to Redis'), logger.lines.join('\n'));
  } finally {
    await deployment.close();
  }
});

test(
  'a Redis restart: nodes say so, report the loss, and carry what was published meanwhile',
  skip,
  async () => {
    const logger = recordingBusLogger();
    const deployment = await redisDeployment(2, { url: redis.url, logger });
    try {
      const { got, lost } = watch(deployment.nodes);
      await deployment.nodes[0]!.publish(say('before'));
      await waitFor(() => got.every((g) => g.length === 1), 10_000, 'before');

      await redis.kill();
      await waitFor(() => deployment.nodes.every((bus) => !bus.connected), 10_000, 'both nodes disconnected');
      // Published while Redis is down: the writer keeps it and sends it once Redis is back.
      const meanwhile = deployment.nodes[1]!.publish(say('while down'));
      await redis.restart();
      await meanwhile;
      await waitFor(() => deployment.nodes.every((bus) => bus.connected), 10_000, 'both nodes connected');
      await waitFor(() => lost.count === 2, 10_000, 'every node reported the loss');
      await deployment.nodes[0]!.publish(say('after'));
      await waitFor(() => got.every((g) => g.length === 3), 10_000, 'while down and after');
      assert.deepEqual(got, [
        ['before', 'while down', 'after'],
        ['before', 'while down', 'after'],
      ]);
      const lines = logger.lines.join('\n');
      assert.match(lines, /warn bus: lost Redis; reconnecting/);
      assert.match(lines, /info bus: reconnected to Redis/);
      assert.match(lines, /warn bus: Redis did not keep every announcement this node had not read/);
    } finally {
      await deployment.close();
    }
  },
);
