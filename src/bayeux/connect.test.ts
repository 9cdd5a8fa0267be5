import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hangup } from './hangup.js';
import { alice, protocolFixture, settles } from './test-support/fixture.js';

test('a connect is held until a notification for the user arrives; the delivery is {channel, data} only', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const connect = fixture.send([
    { channel: '/meta/connect', id: 'c1', clientId, connectionType: 'long-polling' },
  ]);
  assert.equal(await settles(connect), false, 'the connect is held');
  fixture.publish([alice.userId], '/v2/me/chats', { messageType: 'ChatStateChangeMessage', n: 1 });
  const replies = await connect;
  assert.deepEqual(replies, [
    { channel: '/v2/me/chats', data: { messageType: 'ChatStateChangeMessage', n: 1 } },
    {
      id: 'c1',
      channel: '/meta/connect',
      successful: true,
      advice: { reconnect: 'retry', interval: 0, timeout: 60_000, maxInterval: 10_000 },
    },
  ]);
  fixture.close();
});

test('advice.timeout 0 on connect is answered at once; queued messages are answered at once', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const first = fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }]);
  assert.equal(await settles(first), true);
  assert.equal((await first)[0]?.successful, true);
  fixture.publish([alice.userId], '/v2/me/chats', 1);
  fixture.publish([alice.userId], '/v2/me/chats', 2);
  const second = fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.equal(await settles(second), true);
  assert.deepEqual(
    (await second).map((reply) => reply.data ?? reply.channel),
    [1, 2, '/meta/connect'],
  );
  fixture.close();
});

test('a held connect is answered when its hold time runs out', async () => {
  const fixture = protocolFixture({ timeoutMs: 20_000 });
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const held = fixture.send([{ channel: '/meta/connect', id: 'c', clientId }]);
  await fixture.clock.advance(19_999);
  assert.equal(await settles(held), false, 'held until its hold time');
  await fixture.clock.advance(1);
  const replies = await held;
  assert.deepEqual(
    replies.map((reply) => [reply.channel, reply.successful]),
    [['/meta/connect', true]],
  );
  assert.equal(fixture.hub.get(clientId)?.held, null);
  fixture.close();
});

test('a newer connect releases the older one at once, without messages', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const older = fixture.send([{ channel: '/meta/connect', id: 'old', clientId }]);
  assert.equal(await settles(older), false);
  const newer = fixture.send([{ channel: '/meta/connect', id: 'new', clientId }]);
  assert.deepEqual(
    (await older).map((reply) => [reply.id, reply.successful]),
    [['old', true]],
  );
  assert.equal(await settles(newer), false, 'the newer connect is held');
  fixture.publish([alice.userId], '/v2/me/chats', 'x');
  assert.deepEqual(
    (await newer).map((reply) => reply.data ?? reply.id),
    ['x', 'new'],
  );
  fixture.close();
});

test('the other replies of a batch wait for its connect and leave with it, connect last', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.handshake();
  const batch = fixture.send([
    { channel: '/meta/subscribe', id: 's', clientId, subscription: '/v2/me/chats' },
    { channel: '/meta/connect', id: 'c', clientId },
  ]);
  assert.equal(await settles(batch), false);
  fixture.publish([alice.userId], '/v2/me/chats', 'hello');
  assert.deepEqual(
    (await batch).map((reply) => reply.id ?? reply.data),
    ['s', 'hello', 'c'],
  );
  fixture.close();
});

test('two connects in one batch: the first is answered, the last is held', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const batch = fixture.send([
    { channel: '/meta/connect', id: 'a', clientId },
    { channel: '/meta/connect', id: 'b', clientId },
  ]);
  assert.equal(await settles(batch), false);
  fixture.publish([alice.userId], '/v2/me/chats', 1);
  assert.deepEqual(
    (await batch).map((reply) => reply.id ?? reply.data),
    ['a', 1, 'b'],
  );
  fixture.close();
});

test('a connect whose transport goes away leaves the queue for the next connect', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const gone = new Hangup();
  const held = fixture.send([{ channel: '/meta/connect', clientId }], {
    principal: alice,
    hangup: gone,
  });
  assert.equal(await settles(held), false);
  gone.hangUp();
  assert.deepEqual(await held, []);
  fixture.publish([alice.userId], '/v2/me/chats', 'kept');
  const next = await fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.deepEqual(
    next.map((reply) => reply.data ?? reply.channel),
    ['kept', '/meta/connect'],
  );
  fixture.close();
});

test('a connect whose transport is already gone takes nothing from the queue', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  fixture.publish([alice.userId], '/v2/me/chats', 'kept');
  const gone = new Hangup();
  gone.hangUp();
  assert.deepEqual(await fixture.send([{ channel: '/meta/connect', clientId }], { hangup: gone }), []);
  assert.equal(fixture.hub.get(clientId)?.pending, 1);
  fixture.close();
});
