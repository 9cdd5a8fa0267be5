import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveriesOf } from '../notifications/announcement.js';
import { supervisorsOf } from '../notifications/bus.js';
import { alice, bob, protocolFixture, settles } from './test-support/fixture.js';

const carol = { userId: 'u-carol', contactCenterId: 'cc-1' };

test('a notification reaches every subscribed session of its users and no other user', async () => {
  const fixture = protocolFixture();
  const alice1 = await fixture.session(alice, ['/v2/me/chats']);
  const alice2 = await fixture.session(alice, ['/**']);
  const aliceOther = await fixture.session(alice, ['/v2/me/channels']);
  const bob1 = await fixture.session(bob, ['/**']);
  const carol1 = await fixture.session(carol, ['/v2/me/*']);
  fixture.publish([alice.userId, carol.userId], '/v2/me/chats', { n: 1 });
  const queued = (clientId: string) => fixture.hub.get(clientId)?.pending;
  assert.deepEqual([alice1, alice2, aliceOther, bob1, carol1].map(queued), [1, 1, 0, 0, 1]);
  assert.equal(fixture.hub.sessionCount, 5);
  assert.equal(fixture.hub.userCount, 3);
  fixture.close();
});

test('a notification is serialised once however many sessions receive it', async () => {
  const fixture = protocolFixture();
  const clientIds = [
    await fixture.session(alice, ['/**']),
    await fixture.session(alice, ['/v2/me/chats']),
    await fixture.session(bob, ['/v2/me/*']),
  ];
  let serialisations = 0;
  const data = {
    toJSON() {
      serialisations += 1;
      return { chat: 'c1' };
    },
  };
  fixture.publish([alice.userId, bob.userId, alice.userId], '/v2/me/chats', data);
  assert.equal(serialisations, 1);
  for (const clientId of clientIds) {
    const replies = await fixture.send([{ channel: '/meta/connect', clientId }], {});
    assert.deepEqual(
      replies[0],
      { channel: '/v2/me/chats', data: { chat: 'c1' } },
      'delivered once per session',
    );
    assert.equal(replies.length, 2);
  }
  fixture.close();
});

test('notifications published together leave in one connect reply, in order', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const held = fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.equal(await settles(held), false);
  fixture.publish([alice.userId], '/v2/me/chats', 1);
  fixture.publish([alice.userId], '/v2/me/channels', 2);
  fixture.publish([alice.userId], '/v2/me/chats', 3);
  assert.deepEqual(
    (await held).map((reply) => reply.data ?? reply.channel),
    [1, 2, 3, '/meta/connect'],
  );
  fixture.close();
});

test('notifications on bad channels are logged and dropped; unserialisable data fails its producer', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  // Serialised where it is made (announcement.ts): the command fails before its commit.
  assert.throws(() => fixture.publish([alice.userId], '/v2/me/chats', cyclic), TypeError);
  fixture.publish([alice.userId], '/v2/me/*', 1);
  fixture.publish([alice.userId], 'v2/me/chats', 1);
  assert.equal(fixture.hub.get(clientId)?.pending, 0);
  assert.deepEqual(
    fixture.logger.entries
      .filter((entry) => entry.level !== 'debug')
      .map((entry) => [entry.level, entry.message]),
    [
      ['error', 'bayeux: notification on an invalid channel dropped'],
      ['error', 'bayeux: notification on an invalid channel dropped'],
    ],
  );
  fixture.close();
});

test('overflow: a session that would exceed maxQueue is ended and told to handshake', async () => {
  const fixture = protocolFixture({ maxQueue: 3 });
  const slow = await fixture.session(alice, ['/**']);
  const other = await fixture.session(alice, ['/**']);
  await fixture.send([{ channel: '/meta/connect', clientId: other, advice: { timeout: 0 } }]);
  for (let n = 1; n <= 3; n += 1) fixture.publish([alice.userId], '/v2/me/chats', n);
  assert.equal(fixture.hub.get(slow)?.pending, 3);
  // The other session reads its queue, so it never overflows.
  await fixture.send([{ channel: '/meta/connect', clientId: other, advice: { timeout: 0 } }]);
  fixture.publish([alice.userId], '/v2/me/chats', 4);
  assert.equal(fixture.hub.get(slow), undefined, 'the slow session is gone');
  assert.equal(fixture.hub.get(other)?.pending, 1);
  assert.equal(fixture.hub.sessionsOf(alice.userId).length, 1);
  const [reply] = await fixture.send([{ channel: '/meta/connect', clientId: slow }]);
  assert.equal(reply?.successful, false);
  assert.equal(reply?.error, '402::unknown_session');
  assert.deepEqual(reply?.advice, { reconnect: 'handshake', interval: 0 });
  assert.ok(fixture.logger.entries.some((entry) => entry.level === 'warn' && /overflow/.test(entry.message)));
  fixture.close();
});

test('overflow with a held connect answers it at once: queue_overflow, handshake, no stale messages', async () => {
  const fixture = protocolFixture({ maxQueue: 2 });
  const clientId = await fixture.session(alice, ['/**']);
  const held = fixture.send([{ channel: '/meta/connect', id: 'c', clientId }]);
  assert.equal(await settles(held), false);
  // A burst in one turn of the event loop: the held connect has not been flushed yet.
  for (let n = 1; n <= 3; n += 1) fixture.publish([alice.userId], '/v2/me/chats', n);
  assert.deepEqual(await held, [
    {
      id: 'c',
      channel: '/meta/connect',
      successful: false,
      error: '402::queue_overflow',
      advice: { reconnect: 'handshake', interval: 0 },
    },
  ]);
  assert.equal(fixture.hub.sessionCount, 0);
  fixture.close();
});

test('sessions without a connect expire after timeout + maxInterval; a held connect keeps a session', async () => {
  const fixture = protocolFixture({ timeoutMs: 60_000, maxIntervalMs: 10_000 });
  const idle = await fixture.session(alice, ['/**']);
  const polling = await fixture.session(bob, ['/**']);
  const held = fixture.send([{ channel: '/meta/connect', clientId: polling }], { principal: bob });
  assert.equal(await settles(held), false);
  fixture.advance(70_000);
  assert.equal(fixture.hub.sweep(), 0, 'not yet: exactly timeout + maxInterval');
  fixture.advance(1);
  assert.equal(fixture.hub.sweep(), 1);
  assert.equal(fixture.hub.get(idle), undefined);
  assert.ok(fixture.hub.get(polling));
  const [reply] = await fixture.send([{ channel: '/meta/connect', clientId: idle }]);
  assert.equal(reply?.error, '402::unknown_session');
  fixture.close();
  await held;
});

test('a connect answered resets the expiry clock', async () => {
  const fixture = protocolFixture({ timeoutMs: 60_000, maxIntervalMs: 10_000 });
  const clientId = await fixture.session(alice, ['/**']);
  fixture.advance(69_000);
  await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }]);
  fixture.advance(69_000);
  assert.equal(fixture.hub.sweep(), 0);
  fixture.advance(2_000);
  assert.equal(fixture.hub.sweep(), 1);
  fixture.close();
});

test('an audience notification reaches its members once each, subscribed by name, until an audience is revoked', async () => {
  const fixture = protocolFixture();
  const sam = { userId: 'u-sam', contactCenterId: 'cc-1', audiences: [supervisorsOf('cc-1')] };
  const olga = { userId: 'u-olga', contactCenterId: 'cc-2', audiences: [supervisorsOf('cc-2')] };
  const board = await fixture.session(sam, ['/parley/v1/board']);
  const everything = await fixture.session(sam, ['/**', '/parley/v1/board']);
  const wildcard = await fixture.session(sam, ['/**']);
  const chatsOnly = await fixture.session(sam, ['/v2/me/chats']);
  const agent = await fixture.session(alice, ['/**']);
  const otherCenter = await fixture.session(olga, ['/**']);
  const announce = (userIds: string[]) =>
    fixture.bus.publish({
      key: `k-${Math.random()}`,
      chat: null,
      deliveries: deliveriesOf([
        { userIds, audiences: [supervisorsOf('cc-1')], channel: '/parley/v1/board', data: { n: 1 } },
      ]),
    });
  await announce([]);
  const queued = (clientId: string) => fixture.hub.get(clientId)?.pending;
  assert.deepEqual(
    [board, everything, wildcard, chatsOnly, agent, otherCenter].map(queued),
    [1, 1, 0, 0, 0, 0],
    'by name only: a wildcard does not take the board',
  );
  await announce([sam.userId]);
  assert.deepEqual([board, everything].map(queued), [2, 2], 'addressed twice, delivered once');
  fixture.hub.restrictAudiences(sam.userId, []);
  await announce([]);
  assert.deepEqual([board, everything].map(queued), [2, 2], 'revoked at once');
  assert.deepEqual(fixture.hub.get(board)?.audiences, []);
  fixture.close();
});
