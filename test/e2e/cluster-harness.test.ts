/**
 * Smoke test of the multi-process harness (test/support/cluster.ts, redis-process.ts): two real
 * Parley nodes on one PostgreSQL schema behind a real HAProxy running docs/haproxy.cfg, and a
 * private redis-server. It proves the harness and the documented HAProxy setup do what the
 * cluster tests rely on: sticky PARLEY_NODE cookies, store-backed sessions valid on any node,
 * redispatch away from a killed node, and HAProxy's view of each node going DOWN and UP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import type { Cluster } from '../support/cluster.js';
import { startCluster } from '../support/cluster.js';
import type { TestDatabase } from '../support/databases.js';
import { postgresDatabase, postgresSkip } from '../support/databases.js';
import { checkConfig, haproxySkip, renderConfig } from '../support/haproxy.js';
import type { RedisProcess } from '../support/redis-process.js';
import { ping, redisSkip, refuses, startRedis } from '../support/redis-process.js';
import { basicHeader } from '../support/server-process.js';

type Json = Record<string, unknown>;

interface Answer {
  readonly status: number;
  /** X-Parley-Node: the server HAProxy chose. */
  readonly node: string | null;
  readonly setCookies: string[];
  readonly body: Json;
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    node: response.headers.get('x-parley-node'),
    setCookies: response.headers.getSetCookie(),
    body: (await response.json()) as Json,
  };
}

function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((cookie) => cookie.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

describe('docs/haproxy.cfg', () => {
  test('renders to a configuration HAProxy accepts', { ...haproxySkip() }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-haproxy-check-'));
    try {
      const config = renderConfig({
        frontAddress: '127.0.0.1:18080',
        statsSocket: join(dir, 'stats.sock'),
        nodes: [1, 2, 3].map((i) => ({ name: `n${i}`, address: `127.0.0.1:1809${i}` })),
      });
      assert.match(config, /^\s*server n3 127\.0\.0\.1:18093 cookie n3 check$/m);
      assert.doesNotMatch(config.replace(/^\s*#.*$/gm, ''), /\{\{/);
      writeFileSync(join(dir, 'haproxy.cfg'), config);
      assert.equal(checkConfig(join(dir, 'haproxy.cfg')), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cluster harness: two nodes behind HAProxy', async () => {
  const noHaproxy = haproxySkip();
  const skip = noHaproxy.skip === undefined ? await postgresSkip() : noHaproxy;
  const options = { ...skip, timeout: 60_000 };
  let database: TestDatabase | undefined;
  let cluster: Cluster | undefined;
  const front = (path: string, cookie?: string, headers: Record<string, string> = {}) =>
    get(`${cluster?.url}${path}`, { ...headers, ...(cookie ? { cookie } : {}) });

  before(
    async () => {
      if (skip.skip) return;
      database = postgresDatabase();
      await (await database.open()).close();
      cluster = await startCluster({
        nodes: 2,
        env: { DATABASE_URL: database.databaseUrl, PARLEY_ADMIN: 'admin:admin-password' },
      });
    },
    { timeout: 60_000 },
  );
  after(
    async () => {
      try {
        await cluster?.stop();
      } finally {
        await database?.drop();
      }
    },
    { timeout: 30_000 },
  );

  test('the front answers /health/ready', options, async () => {
    const answer = await front('/health/ready');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'ready');
  });

  test('the sticky cookie pins a client to its node', options, async () => {
    assert.ok(cluster);
    for (const name of ['n1', 'n2', 'n1', 'n2']) {
      const answer = await front('/health/ready', cluster.stickyCookie(name));
      assert.equal(answer.node, name);
      assert.deepEqual(answer.setCookies, [], 'indirect: no new cookie for a client already pinned');
    }
  });

  test('a client without the cookie gets one naming the node that answered', options, async () => {
    const answer = await front('/health/ready');
    assert.equal(answer.status, 200);
    assert.ok(answer.node === 'n1' || answer.node === 'n2', `answered by ${answer.node}`);
    const line = answer.setCookies.find((cookie) => cookie.startsWith('PARLEY_NODE='));
    assert.equal(line, `PARLEY_NODE=${answer.node}; path=/; HttpOnly`);
  });

  test('a session cookie opened through n1 works on n2', options, async () => {
    assert.ok(cluster);
    const login = await front('/api/v2/me', cluster.stickyCookie('n1'), {
      authorization: basicHeader('admin', 'admin-password'),
    });
    assert.equal(login.node, 'n1');
    assert.equal(login.body.statusCode, 0);
    const session = cookieValue(login.setCookies, 'JSESSIONID');
    assert.ok(session, `no JSESSIONID in ${JSON.stringify(login.setCookies)}`);
    const me = await front('/api/v2/me', `${cluster.stickyCookie('n2')}; JSESSIONID=${session}`);
    assert.equal(me.node, 'n2');
    assert.equal(me.status, 200);
    assert.equal(me.body.statusCode, 0);
    assert.equal((me.body.user as Json).userName, 'admin');
  });

  test('a WebSocket upgrade passes through to the pinned node and stays usable', options, async () => {
    assert.ok(cluster);
    const socket = new WebSocket(`${cluster.url.replace(/^http/, 'ws')}/api/v2/notifications`, {
      headers: { cookie: cluster.stickyCookie('n2'), authorization: basicHeader('admin', 'admin-password') },
    });
    try {
      const upgraded = new Promise<string | undefined>((resolve, reject) => {
        socket.once('upgrade', (response) =>
          resolve(response.headers['x-parley-node'] as string | undefined),
        );
        socket.once('error', reject);
      });
      assert.equal(await upgraded, 'n2');
      const reply = new Promise<Json[]>((resolve) =>
        socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as Json[])),
      );
      const handshake = {
        channel: '/meta/handshake',
        version: '1.0',
        supportedConnectionTypes: ['websocket'],
      };
      socket.send(JSON.stringify([handshake]));
      const [answer] = await reply;
      assert.equal(answer?.channel, '/meta/handshake');
      assert.equal(answer?.successful, true);
    } finally {
      socket.terminate();
    }
  });

  test(
    'a killed node: its clients go to n2, HAProxy marks it DOWN, then UP after a restart',
    options,
    async () => {
      assert.ok(cluster);
      const [n1] = cluster.nodes;
      assert.ok(n1);
      await n1.kill();
      // Before any check noticed: the refused connection is redispatched to n2 at once.
      const redispatched = await front('/health/ready', cluster.stickyCookie('n1'));
      assert.equal(redispatched.status, 200);
      assert.equal(redispatched.node, 'n2');
      assert.equal(cookieValue(redispatched.setCookies, 'PARLEY_NODE'), 'n2');
      await cluster.waitForNodeState('n1', 'DOWN', 10_000);
      const whileDown = await front('/health/ready', cluster.stickyCookie('n1'));
      assert.equal(whileDown.node, 'n2');
      assert.equal(cookieValue(whileDown.setCookies, 'PARLEY_NODE'), 'n2');

      await n1.restart();
      await cluster.waitForNodeState('n1', 'UP', 10_000);
      const back = await front('/health/ready', cluster.stickyCookie('n1'));
      assert.equal(back.status, 200);
      assert.equal(back.node, 'n1');
      assert.deepEqual(back.setCookies, []);
      const direct = await get(`${n1.url}/health/ready`);
      assert.equal(direct.status, 200);
    },
  );
});

describe('startRedis: a private redis-server', () => {
  const skip = redisSkip();
  let redis: RedisProcess | undefined;
  after(() => redis?.stop(), { timeout: 15_000 });

  test(
    'answers PING, refuses once killed, answers again after a restart',
    { ...skip, timeout: 30_000 },
    async () => {
      redis = await startRedis();
      assert.notEqual(redis.port, 6379);
      assert.equal(redis.url, `redis://127.0.0.1:${redis.port}`);
      assert.equal(await ping(redis.port), true);
      await redis.kill();
      assert.equal(await refuses(redis.port), true);
      assert.equal(await ping(redis.port), false);
      await redis.restart();
      assert.equal(await ping(redis.port), true);
      await redis.stop();
      assert.equal(await refuses(redis.port), true);
    },
  );
});
