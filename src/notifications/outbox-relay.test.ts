/**
 * Nothing announced is lost between commit and publish (STYLE.md §18), on PostgreSQL with the
 * Redis bus: what a node committed with its outbox entry but never published (it died) is
 * published by another node's relay, once; a publish that failed is relayed too; an entry whose
 * announcement was published before its node died is relayed again and every node drops the copy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Deployment } from '../../test/support/buses.js';
import { redisBusSkip, redisDeployment } from '../../test/support/buses.js';
import type { TestDatabase } from '../../test/support/databases.js';
import { postgresDatabase, postgresSkip } from '../../test/support/databases.js';
import type { Store } from '../store/store.js';
import { Announcer } from './announcer.js';
import type { Bus, Notification } from './bus.js';
import { OutboxRelay } from './outbox-relay.js';
import { waitFor } from '../../test/support/wait.js';
import { FakeClock } from '../../test/support/fake-clock.js';

const quiet = { warn: () => {}, error: () => {} };
const note = (text: string): Notification => ({
  userIds: ['u-ann'],
  channel: '/v2/me/chats',
  data: { text },
});

describe('outbox relay: PostgreSQL and Redis', async () => {
  const skip = (await postgresSkip()).skip ? await postgresSkip() : await redisBusSkip();
  let database: TestDatabase;
  let store: Store;
  let deployment: Deployment;
  let received: string[][];
  const announcerOn = (bus: Bus, nodeId: string) => new Announcer({ store, bus, logger: quiet, nodeId });
  before(async () => {
    if (skip.skip) return;
    database = postgresDatabase();
    store = await database.open();
    deployment = await redisDeployment(2);
    received = deployment.nodes.map(() => []);
    deployment.nodes.forEach((bus, i) =>
      bus.subscribe((d) =>
        received[i]!.push((JSON.parse(d.message) as { data: { text: string } }).data.text),
      ),
    );
  });
  after(async () => {
    if (skip.skip) return;
    await deployment.close();
    await store.close();
    await database.drop();
  });
  const outboxIsEmpty = async () => (await store.outbox.claim(Date.now() + 60_000, 0, 0, 1)).length === 0;

  test('what a dead node committed but never published is relayed by another, once', skip, async () => {
    const [busA, busB] = deployment.nodes as [Bus, Bus];
    const nodeA = announcerOn(busA, 'node-a');
    // Node B's relay on a fake clock, started before the entry is made: its age is the clock's to say.
    const clock = new FakeClock();
    // Node A commits (the entry is written in the transaction) and dies before publishing.
    const prepared = nodeA.prepare([note('committed, never published')], { id: 'chat-relay', version: 2 });
    await store.transaction(async (tx) => tx.outbox.add(prepared.outbox!));
    const nodeB = announcerOn(busB, 'node-b');
    const relay = new OutboxRelay({
      store,
      bus: busB,
      announcer: nodeB,
      logger: quiet,
      relayAfterMs: 200,
      clock,
    });
    assert.equal(await relay.pass(), 0, 'not yet: its node may still publish it');
    relay.start();
    try {
      await clock.advance(1000); // the relay's own pass, a second on: the entry is old enough
    } finally {
      await relay.stop();
    }
    assert.equal(await relay.pass(), 0, 'claimed by the timed pass: relayed once');
    await waitFor(
      () => received.every((r) => r.includes('committed, never published')),
      5000,
      'every node received it',
    );
    await nodeB.flush();
    assert.equal(await outboxIsEmpty(), true, 'removed once carried');
  });

  test(
    'an announcement published before its node died is relayed again and dropped as a copy',
    skip,
    async () => {
      const [busA, busB] = deployment.nodes as [Bus, Bus];
      const nodeA = announcerOn(busA, 'node-a2');
      const first = nodeA.prepare([note('v3, published')], { id: 'chat-copy', version: 3 });
      await store.outbox.add(first.outbox!);
      await busA.publish(first.announcement); // published, but the node died before removing the entry
      const next = nodeA.prepare([note('v4')], { id: 'chat-copy', version: 4 });
      await busA.publish(next.announcement);
      await waitFor(() => received.every((r) => r.includes('v4')), 5000, 'v4 everywhere');
      const nodeB = announcerOn(busB, 'node-b2');
      const relay = new OutboxRelay({ store, bus: busB, announcer: nodeB, logger: quiet, relayAfterMs: 0 });
      assert.equal(await relay.pass(), 1);
      await busB.publish(nodeB.prepare([note('marker')]).announcement);
      await waitFor(() => received.every((r) => r.includes('marker')), 5000, 'the marker');
      for (const r of received)
        assert.equal(r.filter((t) => t === 'v3, published').length, 1, 'delivered once');
      await nodeB.flush();
      assert.equal(await outboxIsEmpty(), true);
    },
  );

  test('a publish the bus refuses leaves the entry; a relay publishes it', skip, async () => {
    const closed = await redisDeployment(1);
    const refusing = closed.nodes[0]!;
    await closed.close(); // the node's bus is gone: its publishes are refused
    const nodeA = announcerOn(refusing, 'node-a3');
    await nodeA.transaction(async (_tx, announce) => announce(note('refused at first')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await outboxIsEmpty(), false, 'kept for a relay');
    const [, busB] = deployment.nodes as [Bus, Bus];
    const nodeB = announcerOn(busB, 'node-b3');
    const relay = new OutboxRelay({ store, bus: busB, announcer: nodeB, logger: quiet, relayAfterMs: 0 });
    assert.equal(await relay.pass(), 1);
    await waitFor(() => received.every((r) => r.includes('refused at first')), 5000, 'relayed');
    await nodeB.flush();
    assert.equal(await outboxIsEmpty(), true);
  });
});
