/**
 * Bus contract cases: what every bus guarantees to every node of a deployment — each announcement
 * once, messages unchanged, a chat's announcements in version order, duplicates dropped, signals
 * to every node — whatever order and however often announcements are published.
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { deliveriesOf } from '../announcement.js';
import type { Announcement, Delivery, Signal } from '../bus.js';
import { supervisorsOf } from '../bus.js';
import type { BusSuite, Deployment } from '../../../test/support/buses.js';
import { waitFor } from '../../../test/support/wait.js';

const text = (s: string) => ({ userIds: ['u-ann', 'u-sam'], channel: '/v2/me/chats', data: { text: s } });
let counter = 0;
const announcement = (
  texts: string[],
  chat: { id: string; version: number } | null = null,
): Announcement => ({
  key: `contract.${++counter}`,
  chat,
  deliveries: deliveriesOf(texts.map(text)),
});

/** What each node's listener received, as texts. */
function record(deployment: Deployment) {
  const received = deployment.nodes.map(() => [] as Delivery[]);
  deployment.nodes.forEach((bus, i) => bus.subscribe((d) => received[i]!.push(d)));
  const texts = () =>
    received.map((node) => node.map((d) => (JSON.parse(d.message) as { data: { text: string } }).data.text));
  return { received, texts };
}

export function deliveryCases(suite: BusSuite): void {
  let deployment: Deployment | undefined;
  afterEach(async () => {
    await deployment?.close();
    deployment = undefined;
  });
  const deploy = async (holdMs?: number) => (deployment = await suite.deploy({ holdMs }));
  const all = (d: Deployment) => d.nodes.length;

  test(
    'every node receives every delivery once, in publish order, the message unchanged',
    suite.skip,
    async () => {
      const d = await deploy();
      const { received, texts } = record(d);
      const first = announcement(['héllo ✓ 😀', 'second']);
      await d.nodes[0]!.publish(first);
      await d.nodes.at(-1)!.publish(announcement(['third']));
      await waitFor(() => received.every((r) => r.length === 3), 3000, '3 deliveries on every node');
      for (const node of received) {
        assert.deepEqual(node[0], first.deliveries[0], 'users, channel and message text intact');
      }
      assert.deepEqual(texts(), Array(all(d)).fill(['héllo ✓ 😀', 'second', 'third']));
    },
  );

  test(
    'a delivery addressed to an audience arrives with its audience on every node',
    suite.skip,
    async () => {
      const d = await deploy();
      const { received } = record(d);
      const board = announcement([]);
      const addressed: Announcement = {
        ...board,
        deliveries: deliveriesOf([
          {
            userIds: [],
            audiences: [supervisorsOf('cc-1')],
            channel: '/parley/v1/board',
            data: { text: 'b' },
          },
          text('plain'),
        ]),
      };
      await d.nodes[0]!.publish(addressed);
      await waitFor(() => received.every((r) => r.length === 2), 3000, '2 deliveries on every node');
      for (const node of received) assert.deepEqual(node, addressed.deliveries);
      assert.equal('audiences' in (received[0]![1] ?? {}), false, 'none where none was addressed');
    },
  );

  test(
    "a chat's announcements arrive in version order, however they were published",
    suite.skip,
    async () => {
      const d = await deploy(2000);
      const { texts } = record(d);
      const chat = (version: number) => ({ id: 'chat-order', version });
      const [a, b] = [d.nodes[0]!, d.nodes.at(-1)!];
      await a.publish(announcement(['v1'], chat(1)));
      await b.publish(announcement(['v3'], chat(3)));
      await a.publish(announcement(['v4'], chat(4)));
      await b.publish(announcement(['other chat'], { id: 'chat-other', version: 9 }));
      await a.publish(announcement(['v2'], chat(2)));
      await waitFor(() => texts().every((t) => t.length === 5), 3000, 'v1…v4 on every node');
      for (const node of texts()) {
        assert.deepEqual(
          node.filter((t) => t.startsWith('v')),
          ['v1', 'v2', 'v3', 'v4'],
        );
      }
    },
  );

  test('a duplicate is delivered once: the same chat version, or the same key', suite.skip, async () => {
    const d = await deploy();
    const { texts } = record(d);
    const once = announcement(['relayed'], { id: 'chat-dup', version: 1 });
    const loose = announcement(['presence']);
    for (const bus of d.nodes) {
      await bus.publish(once);
      await bus.publish(loose);
    }
    await d.nodes[0]!.publish(announcement(['next'], { id: 'chat-dup', version: 2 }));
    await waitFor(() => texts().every((t) => t.includes('next')), 3000, 'the next announcement');
    assert.deepEqual(texts(), Array(all(d)).fill(['relayed', 'presence', 'next']));
  });

  test(
    'a missing version holds the later ones only for a while; it still arrives late',
    suite.skip,
    async () => {
      const d = await deploy(100);
      const { texts } = record(d);
      const chat = (version: number) => ({ id: 'chat-gap', version });
      await d.nodes[0]!.publish(announcement(['v1'], chat(1)));
      await d.nodes[0]!.publish(announcement(['v3'], chat(3)));
      await waitFor(() => texts().every((t) => t.includes('v3')), 3000, 'v3 after the hold');
      await d.nodes.at(-1)!.publish(announcement(['v2, late'], chat(2)));
      await d.nodes.at(-1)!.publish(announcement(['v3 again'], chat(3)));
      await waitFor(() => texts().every((t) => t.length === 3), 3000, 'the late v2');
      assert.deepEqual(texts(), Array(all(d)).fill(['v1', 'v3', 'v2, late']));
    },
  );

  test('an empty announcement of a chat version tells no one and fills the gap', suite.skip, async () => {
    const d = await deploy(5000);
    const { texts } = record(d);
    const chat = (version: number) => ({ id: 'chat-empty', version });
    await d.nodes[0]!.publish(announcement(['v1'], chat(1)));
    await d.nodes[0]!.publish(announcement(['v3'], chat(3)));
    await d.nodes.at(-1)!.publish(announcement([], chat(2)));
    await waitFor(() => texts().every((t) => t.includes('v3')), 2000, 'v3 without waiting for the hold');
    assert.deepEqual(texts(), Array(all(d)).fill(['v1', 'v3']));
  });

  test(
    'signals reach every node, the sender too; a throwing listener stops no other',
    suite.skip,
    async () => {
      const d = await deploy();
      const got = d.nodes.map(() => [] as Signal[]);
      d.nodes.forEach((bus, i) => {
        bus.onSignal(() => {
          throw new Error('a broken listener');
        });
        bus.onSignal((s) => got[i]!.push(s));
      });
      const signal: Signal = { kind: 'UserChanged', userId: 'u-ann' };
      await d.nodes[0]!.signal(signal);
      await waitFor(() => got.every((g) => g.length === 1), 3000, 'the signal everywhere');
      assert.deepEqual(got, Array(all(d)).fill([signal]));
    },
  );

  test('shared says whether other nodes see it; connected while it can carry', suite.skip, async () => {
    const d = await deploy();
    for (const bus of d.nodes) {
      assert.equal(bus.shared, suite.name === 'redis');
      assert.equal(bus.connected, true);
    }
  });
}
