/**
 * Two nodes on PostgreSQL and Redis behind HAProxy.
 *
 * Many writers on one chat across the two nodes: on each node the
 * agent, the customer and a barged-in supervisor send 300 messages each, all at once. Every send
 * is answered statusCode 0; every acknowledged message is in the transcript exactly once; and
 * every reader — the transcript through either node, the customer's polling, each party's CometD
 * stream on its own node — reads the same order (the chat's index order).
 *
 * An account change made through one node reaches the other's caches through the bus at once:
 * the old password stops working there well before its 2 s cache would have let it go.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json, Listener, WorldUser } from '../support/cluster-world.js';
import { ADMIN, ClusterWorld } from '../support/cluster-world.js';
import { waitFor } from '../support/cometd.js';
import { clusterSkip } from '../support/e2e-stack.js';

const EACH = 300;
const NODES = ['n1', 'n2'] as const;

describe('two nodes behind HAProxy', async () => {
  const skip = await clusterSkip();
  let world: ClusterWorld;
  before(async () => {
    if (!skip.skip) world = await ClusterWorld.start({ nodes: 2 });
  });
  after(() => world?.stop());

  test(
    '0 failed answers, each message once, one order for every reader',
    { ...skip, timeout: 180_000 },
    async () => {
      const agent = await world.user('agent', ['ROLE_AGENT']);
      const supervisors = [
        await world.user('super', ['ROLE_SUPERVISOR']),
        await world.user('super', ['ROLE_SUPERVISOR']),
      ];
      await world.ok('/api/v2/me', agent.headers('n1'), {
        operationName: 'StartContactCenterSession',
        channels: ['chat'],
      });
      const readers: [string, Listener][] = [
        ['agent on n1 (websocket)', await world.listen(agent, 'n1', 'websocket')],
        ['supervisor on n1 (long-polling)', await world.listen(supervisors[0]!, 'n1', 'long-polling')],
        ['supervisor on n2 (websocket)', await world.listen(supervisors[1]!, 'n2', 'websocket')],
      ];
      const { chatId, token } = await world.acceptedChat(agent, readers[0]![1], 'n1');
      for (const [i, supervisor] of supervisors.entries()) {
        const node = NODES[i]!;
        await world.ok(`/api/v2/users/${agent.id}/chats/${chatId}`, supervisor.headers(node), {
          operationName: 'Intrude',
          supervisorVisibilityMode: 'BargeIn',
        });
        await world.ok(`/api/v2/me/chats/${chatId}`, supervisor.headers(node), { operationName: 'Accept' });
      }

      const senders: [string, string, (node: string) => Record<string, string>][] = NODES.flatMap(
        (node, i) => [
          [`agent@${node}`, `/api/v2/me/chats/${chatId}`, () => agent.headers(node)],
          [`customer@${node}`, `/api/v2/chats/${token}`, () => world.customerHeaders(node)],
          [`super@${node}`, `/api/v2/me/chats/${chatId}`, () => (supervisors[i] as WorldUser).headers(node)],
        ],
      );
      const failures: string[] = [];
      await Promise.all(
        senders.map(async ([who, path, headers]) => {
          for (let i = 0; i < EACH; i++) {
            const text = `${who} #${i}`;
            const answer = await world.request('POST', path, headers(''), {
              operationName: 'SendMessage',
              text,
            });
            if (answer.body.statusCode !== 0)
              failures.push(`${text}: HTTP ${answer.http} ${JSON.stringify(answer.body)}`);
          }
        }),
      );
      assert.deepEqual(failures, [], 'every send answered statusCode 0');

      const sent = senders.length * EACH;
      const ours = (messages: Json[]) =>
        messages
          .filter((m) => m.type === 'Text' && / #\d+$/.test(String(m.text)))
          .map((m) => ({ index: m.index as number, text: m.text as string }));
      const [viaN1 = [], viaN2] = await Promise.all(
        NODES.map(async (node) => ours(await world.transcript(agent, node, chatId))),
      );
      assert.equal(viaN1.length, sent, 'every acknowledged message is in the transcript');
      assert.equal(new Set(viaN1.map((m) => m.text)).size, sent, '… once');
      assert.deepEqual(viaN2, viaN1, 'both nodes read one transcript');
      assert.deepEqual(
        viaN1.map((m) => m.index),
        [...viaN1.map((m) => m.index)].sort((a, b) => a - b),
      );
      for (const [who] of senders) {
        const own = viaN1.filter((m) => m.text.startsWith(`${who} #`)).map((m) => m.text);
        assert.deepEqual(
          own,
          Array.from({ length: EACH }, (_, i) => `${who} #${i}`),
          `${who} in the order sent`,
        );
      }
      const polled = await world.request(
        'GET',
        `/api/v2/chats/${token}/messages?index=1`,
        world.customerHeaders('n2'),
      );
      assert.deepEqual(ours(polled.body.messages as Json[]), viaN1, 'the customer polls the same order');
      for (const [name, reader] of readers) {
        await waitFor(
          () => ours(reader.received.flatMap((d) => (d.messages as Json[] | undefined) ?? [])).length >= sent,
          30_000,
          `${name}: every message`,
        );
        assert.deepEqual(
          reader.texts().filter((m) => / #\d+$/.test(m.text)),
          viaN1,
          `${name} reads the transcript order, each message once`,
        );
      }
    },
  );

  test(
    'a password changed through n1 stops working on n2 at once (the bus tells every node)',
    skip,
    async () => {
      const ann = await world.user('ann', ['ROLE_AGENT']);
      const me = (node: string) => world.request('GET', '/api/v2/me', ann.headers(node));
      assert.equal((await me('n2')).body.statusCode, 0, 'n2 verified and cached the credentials');
      const changed = await world.request(
        'PUT',
        `/api/v2/users/${ann.id}`,
        { ...ADMIN, cookie: world.cluster.stickyCookie('n1') },
        {
          password: 'a-new-password',
        },
      );
      assert.equal(changed.body.statusCode, 0, JSON.stringify(changed.body));
      assert.equal(changed.node, 'n1');
      const started = Date.now();
      let answer = await me('n2');
      while (answer.body.statusCode === 0 && Date.now() - started < 1000) answer = await me('n2');
      assert.equal(answer.node, 'n2');
      assert.deepEqual(
        [answer.http, answer.body.statusCode],
        [401, 20],
        'refused within 1 s, not after the cache expires',
      );
    },
  );
});
