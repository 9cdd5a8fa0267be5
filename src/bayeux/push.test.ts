import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameEncoder, type Push } from './push.js';
import { alice, bob, protocolFixture, settles, type Reply } from './test-support/fixture.js';

/** A transport that can push, recording the frames it was given. */
function fakePush(options: { slow?: boolean } = {}) {
  const frames: Buffer[] = [];
  const push = {
    open: true as boolean,
    frames,
    parsed: () => frames.map((frame) => JSON.parse(frame.toString('utf8')) as Reply[]),
    send(frame: Buffer): boolean {
      if (options.slow === true) return false;
      frames.push(frame);
      return true;
    },
  } satisfies Push & Record<string, unknown>;
  return push;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

test('a session connected on a pushing transport gets each turn’s messages in one frame; its connect stays held', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const push = fakePush();
  const held = fixture.send([{ channel: '/meta/connect', id: 'c', clientId }], { principal: alice, push });
  assert.equal(await settles(held), false);
  fixture.publish([alice.userId], '/v2/me/chats', 1);
  fixture.publish([alice.userId], '/v2/me/channels', 2);
  await nextTurn();
  fixture.publish([alice.userId], '/v2/me/chats', 3);
  assert.equal(await settles(held), false, 'the connect is not answered by a delivery');
  assert.deepEqual(push.parsed(), [
    [
      { channel: '/v2/me/chats', data: 1 },
      { channel: '/v2/me/channels', data: 2 },
    ],
    [{ channel: '/v2/me/chats', data: 3 }],
  ]);
  fixture.close();
  assert.deepEqual(
    (await held).map((reply) => [reply.channel, reply.successful]),
    [['/meta/connect', true]],
    'answered without messages',
  );
});

test('a fan-out pushes one shared frame, encoded once, to every session', async () => {
  const fixture = protocolFixture();
  const pushes = [fakePush(), fakePush(), fakePush()];
  for (const [index, push] of pushes.entries()) {
    const principal = index === 2 ? bob : alice;
    const clientId = await fixture.session(principal, ['/v2/me/chats']);
    void fixture.send([{ channel: '/meta/connect', clientId }], { principal, push });
  }
  fixture.publish([alice.userId, bob.userId], '/v2/me/chats', { chat: 'c1' });
  await nextTurn();
  const frames = pushes.map((push) => push.frames);
  assert.deepEqual(
    frames.map((sent) => sent.length),
    [1, 1, 1],
  );
  assert.ok(
    frames.every((sent) => sent[0] === frames[0]?.[0]),
    'the same buffer',
  );
  assert.equal(frames[0]?.[0]?.toString(), '[{"channel":"/v2/me/chats","data":{"chat":"c1"}}]');
  fixture.close();
});

test('the frame encoder shares frames only between identical queues', () => {
  const encoder = new FrameEncoder();
  const [a, b] = ['{"n":1}', '{"n":2}'];
  assert.equal(encoder.frame([a, b]), encoder.frame([a, b]));
  assert.notEqual(encoder.frame([a]), encoder.frame([a, b]));
  assert.equal(encoder.frame([a, b, a]).toString(), '[{"n":1},{"n":2},{"n":1}]');
});

test('an ack session never pushes: its messages wait for the connect reply that numbers them', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**'], { ack: true });
  const push = fakePush();
  const first = await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {
    principal: alice,
    push,
  });
  assert.equal(first[0]?.successful, true);
  fixture.publish([alice.userId], '/v2/me/chats', 'guaranteed');
  await nextTurn();
  assert.deepEqual(push.frames, []);
  const replies = await fixture.send([{ channel: '/meta/connect', clientId, ext: { ack: 0 } }], {
    principal: alice,
    push,
  });
  assert.deepEqual(replies[0], { channel: '/v2/me/chats', data: 'guaranteed' });
  assert.deepEqual(replies[1]?.ext, { ack: 1 });
  fixture.close();
});

test('after the pushing transport closes, messages wait for the next connect, in order', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const push = fakePush();
  await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {
    principal: alice,
    push,
  });
  push.open = false;
  fixture.publish([alice.userId], '/v2/me/chats', 1);
  fixture.publish([alice.userId], '/v2/me/chats', 2);
  await nextTurn();
  assert.deepEqual(push.frames, []);
  assert.equal(fixture.hub.get(clientId)?.pending, 2);
  const replies = await fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.deepEqual(
    replies.map((reply) => reply.data ?? reply.channel),
    [1, 2, '/meta/connect'],
  );
  fixture.close();
});

test('a connect on a transport that cannot push (long-polling) stops the pushing', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const push = fakePush();
  await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {
    principal: alice,
    push,
  });
  const held = fixture.send([{ channel: '/meta/connect', clientId }], { principal: alice });
  fixture.publish([alice.userId], '/v2/me/chats', 'polled');
  assert.deepEqual(
    (await held).map((reply) => reply.data ?? reply.channel),
    ['polled', '/meta/connect'],
  );
  assert.deepEqual(push.frames, []);
  fixture.close();
});

test('a slow consumer is ended like an overflow: its held connect is told to re-handshake', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const held = fixture.send([{ channel: '/meta/connect', clientId }], {
    principal: alice,
    push: fakePush({ slow: true }),
  });
  fixture.publish([alice.userId], '/v2/me/chats', 'too much');
  const [reply] = await held;
  assert.equal(reply?.successful, false);
  assert.equal(reply?.error, '402::queue_overflow');
  assert.deepEqual(reply?.advice, { reconnect: 'handshake', interval: 0 });
  assert.equal(fixture.hub.get(clientId), undefined);
  assert.match(
    fixture.logger.entries.find((entry) => entry.level === 'warn')?.message ?? '',
    /slow consumer/,
  );
  fixture.close();
});

test('a pushing session without a held connect still expires when it stops connecting', async () => {
  const fixture = protocolFixture({ timeoutMs: 1000, maxIntervalMs: 1000 });
  const clientId = await fixture.session(alice, ['/**']);
  const push = fakePush();
  await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {
    principal: alice,
    push,
  });
  fixture.advance(1500);
  assert.equal(fixture.hub.sweep(), 0);
  fixture.publish([alice.userId], '/v2/me/chats', 'pushed');
  await nextTurn();
  assert.equal(push.frames.length, 1, 'pushed without a held connect');
  fixture.advance(1000);
  assert.equal(fixture.hub.sweep(), 1);
  fixture.close();
});
