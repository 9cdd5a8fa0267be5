import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AckLog } from './ack.js';
import { alice, protocolFixture, settles } from './test-support/fixture.js';

test('AckLog numbers batches, forgets acknowledged ones and returns the rest in order', () => {
  const log = new AckLog();
  assert.equal(log.record([]), 0, 'an empty reply is not a batch');
  assert.equal(log.record(['a', 'b']), 1);
  assert.equal(log.record(['c']), 2);
  assert.equal(log.record(['d']), 3);
  assert.equal(log.unacknowledged, 4);
  assert.deepEqual(log.acknowledge(1), ['c', 'd']);
  assert.equal(log.unacknowledged, 0);
  assert.equal(log.lastBatch, 3);
  assert.equal(log.record(['e']), 4, 'numbers keep growing after a redelivery');
  assert.deepEqual(log.acknowledge(4), []);
});

test('handshake with ext.ack is answered with ext.ack true; without it, no ext', async () => {
  const fixture = protocolFixture();
  const [withAck] = await fixture.send([{ channel: '/meta/handshake', ext: { ack: true } }]);
  const [newFormat] = await fixture.send([{ channel: '/meta/handshake', ext: { ack: { enabled: true } } }]);
  const [without] = await fixture.send([{ channel: '/meta/handshake', ext: { ack: false } }]);
  assert.deepEqual(withAck?.ext, { ack: true });
  assert.deepEqual(newFormat?.ext, { ack: true });
  assert.equal(without?.ext, undefined);
  fixture.close();
});

test('ack: batches are numbered on connect replies, unacknowledged batches are redelivered', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats'], { ack: true });
  const connect = (ack: number, id: string) =>
    fixture.send([{ channel: '/meta/connect', id, clientId, ext: { ack }, advice: { timeout: 0 } }]);
  const summary = (replies: Awaited<ReturnType<typeof connect>>) =>
    replies.map((reply) =>
      reply.channel === '/meta/connect' ? `ack=${String(reply.ext?.ack)}` : reply.data,
    );

  assert.deepEqual(summary(await connect(0, 'c1')), ['ack=0']);
  fixture.publish([alice.userId], '/v2/me/chats', 'm1');
  fixture.publish([alice.userId], '/v2/me/chats', 'm2');
  assert.deepEqual(summary(await connect(0, 'c2')), ['m1', 'm2', 'ack=1']);
  // The reply carrying batch 1 was lost: the client still says 0, so m1 and m2 come again.
  fixture.publish([alice.userId], '/v2/me/chats', 'm3');
  assert.deepEqual(summary(await connect(0, 'c3')), ['m1', 'm2', 'm3', 'ack=2']);
  // Batch 2 arrived; nothing is redelivered and the next message gets batch 3.
  assert.deepEqual(summary(await connect(2, 'c4')), ['ack=2']);
  fixture.publish([alice.userId], '/v2/me/chats', 'm4');
  assert.deepEqual(summary(await connect(2, 'c5')), ['m4', 'ack=3']);
  assert.equal(fixture.hub.get(clientId)?.pending, 1, 'm4 is kept until acknowledged');
  assert.deepEqual(summary(await connect(3, 'c6')), ['ack=3']);
  assert.equal(fixture.hub.get(clientId)?.pending, 0);
  fixture.close();
});

test('ack: a redelivery does not wait — the connect carrying the stale ack is answered at once', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats'], { ack: true });
  fixture.publish([alice.userId], '/v2/me/chats', 'm1');
  await fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 } }]);
  const again = fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 } }]);
  assert.equal(await settles(again), true);
  assert.equal((await again)[0]?.data, 'm1');
  const held = fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 2 } }]);
  assert.equal(await settles(held), false, 'everything acknowledged: the connect is held');
  fixture.close();
  await held;
});

test('ack: unacknowledged messages count toward maxQueue', async () => {
  const fixture = protocolFixture({ maxQueue: 2 });
  const clientId = await fixture.session(alice, ['/v2/me/chats'], { ack: true });
  fixture.publish([alice.userId], '/v2/me/chats', 'm1');
  fixture.publish([alice.userId], '/v2/me/chats', 'm2');
  await fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 }, advice: { timeout: 0 } }]);
  assert.equal(fixture.hub.get(clientId)?.pending, 2);
  fixture.publish([alice.userId], '/v2/me/chats', 'm3');
  assert.equal(fixture.hub.get(clientId), undefined);
  fixture.close();
});

test('sessions without the ack extension get no ext.ack and no redelivery', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  fixture.publish([alice.userId], '/v2/me/chats', 'm1');
  const first = await fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 } }]);
  assert.deepEqual(
    first.map((reply) => reply.data ?? reply.ext ?? 'no ext'),
    ['m1', 'no ext'],
  );
  const second = fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 } }]);
  assert.equal(await settles(second), false, 'm1 is not redelivered');
  fixture.close();
  await second;
});
