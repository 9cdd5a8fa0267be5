/**
 * Redis restarted mid-chat under two nodes (its own redis-server; Parley keeps nothing in Redis
 * on disk). While Redis is away both nodes say so in their logs and in /health/ready (503), and
 * HAProxy, finding no ready node, serves through the nodes that are alive (docs/haproxy.cfg):
 * commands still commit and are answered statusCode 0. When Redis is back the nodes reconnect by
 * themselves and say so; as the restart lost whatever announcements they had not read, each node
 * ends its Bayeux sessions with advice to re-handshake — the ack extension cannot redeliver what
 * never reached the node — and the clients rebuild from the GETs, which hold every acknowledged
 * message. Notifications flow again afterwards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json } from '../support/cluster-world.js';
import { ClusterWorld, rest, textsOf } from '../support/cluster-world.js';
import { waitFor } from '../support/cometd.js';
import { clusterSkip } from '../support/e2e-stack.js';
import { firstSkip } from '../support/skips.js';
import type { RedisProcess } from '../support/redis-process.js';
import { redisSkip, startRedis } from '../support/redis-process.js';

describe('Redis restarted mid-chat', async () => {
  const skip = await firstSkip(clusterSkip, redisSkip);
  let redis: RedisProcess;
  let world: ClusterWorld;
  before(async () => {
    if (skip.skip) return;
    redis = await startRedis();
    world = await ClusterWorld.start({ nodes: 2, redisUrl: redis.url, env: { LOG_LEVEL: 'info' } });
  });
  after(async () => {
    await world?.stop();
    await redis?.stop();
  });

  test(
    'nodes say so, keep answering, reconnect; clients rebuild and miss nothing',
    { ...skip, timeout: 120_000 },
    async () => {
      const ann = await world.user('ann', ['ROLE_AGENT']);
      const sam = await world.user('sam', ['ROLE_SUPERVISOR']);
      await world.ok('/api/v2/me', ann.headers('n1'), {
        operationName: 'StartContactCenterSession',
        channels: ['chat'],
      });
      const annOnN1 = await world.listen(ann, 'n1', 'long-polling', true);
      const samOnN2 = await world.listen(sam, 'n2', 'websocket', true);
      const { chatId, acknowledged, say } = await world.bargedInChat(ann, annOnN1, sam, 'n2');
      await say('customer', 'n2', 'c1: hello');
      await say(ann, 'n1', 'a1: hello, Ann here');
      await waitFor(
        () =>
          annOnN1.heard().includes('a1: hello, Ann here') && samOnN2.heard().includes('a1: hello, Ann here'),
        10_000,
        'before',
      );

      await redis.kill();
      const ready = async (url: string) => (await rest(url, 'GET', '/health/ready', {})).http;
      for (const node of world.cluster.nodes) {
        await waitFor(
          () => node.stdout().includes('bus: lost Redis; reconnecting'),
          10_000,
          `${node.name} says it lost Redis`,
        );
        assert.equal(await ready(node.url), 503, `${node.name} is not ready without Redis`);
        await world.cluster.waitForNodeState(node.name, 'DOWN');
      }
      // No node is ready: HAProxy serves through the live ones; commands commit and are answered.
      await say('customer', 'n2', 'c2: while Redis is away');
      await say(ann, 'n1', 'a2: still answering');

      await redis.restart();
      for (const node of world.cluster.nodes) {
        await waitFor(
          () => node.stdout().includes('bus: reconnected to Redis'),
          20_000,
          `${node.name} says it is back`,
        );
        await waitFor(
          () => node.stdout().includes('bus: Redis did not keep every announcement'),
          10_000,
          `${node.name} reports the loss`,
        );
        await world.cluster.waitForNodeState(node.name, 'UP', 20_000);
      }
      await waitFor(
        () => annOnN1.handshakes === 2 && samOnN2.handshakes === 2,
        20_000,
        'both clients re-handshake',
      );

      // Rebuilt from the GETs, as GWS clients do after a re-handshake: every acknowledged message.
      for (const [who, user, node] of [
        ['Ann', ann, 'n1'],
        ['Sam', sam, 'n2'],
      ] as const) {
        const me = (await world.request('GET', '/api/v2/me?subresources=*', user.headers(node))).body
          .user as Json;
        assert.deepEqual(
          (me.chats as Json[]).map((c) => [c.id, c.state]),
          [[chatId, 'Chatting']],
        );
        const transcript = textsOf(await world.transcript(user, node, chatId));
        assert.deepEqual(
          acknowledged.filter((t) => !transcript.includes(t)),
          [],
          `${who}'s rebuilt transcript`,
        );
      }
      // And the bus carries notifications again.
      await say('customer', 'n2', 'c3: after the restart');
      await waitFor(
        () =>
          annOnN1.heard().includes('c3: after the restart') &&
          samOnN2.heard().includes('c3: after the restart'),
        10_000,
        'notifications after the restart',
      );
    },
  );
});
