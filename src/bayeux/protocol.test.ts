import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alice, bob, protocolFixture, settles } from './test-support/fixture.js';

test('handshake with a principal creates a session and advises long-polling with the configured timeout', async () => {
  const fixture = protocolFixture({ timeoutMs: 30_000, maxIntervalMs: 10_000 });
  const [reply] = await fixture.send([
    { channel: '/meta/handshake', id: '1', version: '1.0', supportedConnectionTypes: ['long-polling'] },
  ]);
  assert.ok(reply);
  assert.equal(reply.successful, true);
  assert.equal(reply.id, '1');
  assert.equal(reply.channel, '/meta/handshake');
  assert.equal(reply.version, '1.0');
  assert.deepEqual(reply.supportedConnectionTypes, ['long-polling', 'websocket']);
  assert.match(String(reply.clientId), /^[0-9a-f]{48}$/);
  assert.deepEqual(reply.advice, { reconnect: 'retry', interval: 0, timeout: 30_000, maxInterval: 10_000 });
  assert.equal(reply.ext, undefined);
  assert.equal(fixture.hub.sessionCount, 1);
  assert.equal(fixture.hub.get(String(reply.clientId))?.userId, alice.userId);
  fixture.close();
});

test('every handshake gets a new clientId', async () => {
  const fixture = protocolFixture();
  const ids = new Set([await fixture.handshake(), await fixture.handshake(), await fixture.handshake(bob)]);
  assert.equal(ids.size, 3);
  assert.equal(fixture.hub.sessionCount, 3);
  assert.equal(fixture.hub.userCount, 2);
  fixture.close();
});

test('a handshake without an authenticated principal is refused with reconnect none', async () => {
  const fixture = protocolFixture();
  const [reply] = await fixture.send([{ channel: '/meta/handshake', id: '7', version: '1.0' }], {});
  assert.deepEqual(reply, {
    id: '7',
    channel: '/meta/handshake',
    successful: false,
    error: '403::Authentication failed',
    advice: { reconnect: 'none' },
  });
  assert.equal(fixture.hub.sessionCount, 0);
  fixture.close();
});

test('a handshake with wrong field types or no common connection type is refused', async () => {
  const fixture = protocolFixture();
  const replies = await fixture.send([
    { channel: '/meta/handshake', version: 1 },
    { channel: '/meta/handshake', supportedConnectionTypes: 'long-polling' },
    { channel: '/meta/handshake', supportedConnectionTypes: [1] },
    { channel: '/meta/handshake', supportedConnectionTypes: ['callback-polling'] },
  ]);
  assert.deepEqual(
    replies.map((reply) => [reply.successful, reply.error]),
    [
      [false, '400::invalid version'],
      [false, '400::invalid supportedConnectionTypes'],
      [false, '400::invalid supportedConnectionTypes'],
      [false, '400::no supported connection type'],
    ],
  );
  assert.equal(fixture.hub.sessionCount, 0);
  fixture.close();
});

test('messages naming an unknown session get 402::unknown_session and advice to handshake', async () => {
  const fixture = protocolFixture();
  for (const channel of [
    '/meta/connect',
    '/meta/subscribe',
    '/meta/unsubscribe',
    '/meta/disconnect',
    '/service/x',
  ]) {
    const [reply] = await fixture.send([
      { channel, id: 'x', clientId: 'nope', subscription: '/v2/me/chats' },
    ]);
    assert.equal(reply?.successful, false, channel);
    assert.equal(reply?.error, '402::unknown_session', channel);
    assert.deepEqual(reply?.advice, { reconnect: 'handshake', interval: 0 }, channel);
    assert.equal(reply?.id, 'x');
  }
  fixture.close();
});

test('a session used by a transport authenticated as another user is refused', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const [reply] = await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {
    principal: bob,
  });
  assert.equal(reply?.successful, false);
  assert.equal(reply?.error, '403::session_user_mismatch');
  assert.deepEqual(reply?.advice, { reconnect: 'handshake', interval: 0 });
  // Without credentials the clientId alone identifies the session.
  const [bound] = await fixture.send([{ channel: '/meta/connect', clientId, advice: { timeout: 0 } }], {});
  assert.equal(bound?.successful, true);
  fixture.close();
});

test('subscribe: own channels and wildcards granted, anything else refused as a whole', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.handshake();
  const replies = await fixture.send([
    { channel: '/meta/subscribe', clientId, subscription: '/v2/me/chats' },
    { channel: '/meta/subscribe', clientId, subscription: ['/v2/me/*', '/**'] },
    { channel: '/meta/subscribe', clientId, subscription: '/v2/users/x/chats' },
    { channel: '/meta/subscribe', clientId, subscription: ['/v2/me/calls', '/meta/connect'] },
    { channel: '/meta/subscribe', clientId, subscription: '/service/echo' },
    { channel: '/meta/subscribe', clientId, subscription: '/v2/me/a b' },
  ]);
  assert.deepEqual(
    replies.map((reply) => [reply.successful, reply.error ?? null, reply.subscription]),
    [
      [true, null, '/v2/me/chats'],
      [true, null, ['/v2/me/*', '/**']],
      [false, '403::Forbidden channel', '/v2/users/x/chats'],
      [false, '403::Forbidden channel', ['/v2/me/calls', '/meta/connect']],
      [false, '403::Forbidden channel', '/service/echo'],
      [false, '403::Forbidden channel', '/v2/me/a b'],
    ],
  );
  assert.deepEqual(fixture.hub.get(clientId)?.subscribedPatterns(), ['/v2/me/chats', '/v2/me/*', '/**']);
  fixture.close();
});

test('subscribe and unsubscribe with a subscription of the wrong type get 400', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.handshake();
  const replies = await fixture.send([
    { channel: '/meta/subscribe', clientId },
    { channel: '/meta/subscribe', clientId, subscription: 5 },
    { channel: '/meta/subscribe', clientId, subscription: [] },
    { channel: '/meta/subscribe', clientId, subscription: ['/v2/me/chats', 5] },
    { channel: '/meta/unsubscribe', clientId, subscription: { a: 1 } },
  ]);
  for (const reply of replies) {
    assert.equal(reply.successful, false);
    assert.match(String(reply.error), /^400::subscription/);
  }
  assert.deepEqual(fixture.hub.get(clientId)?.subscribedPatterns(), []);
  fixture.close();
});

test('unsubscribe stops deliveries on that channel only', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats', '/v2/me/channels']);
  const [reply] = await fixture.send([
    { channel: '/meta/unsubscribe', id: 'u', clientId, subscription: '/v2/me/chats' },
  ]);
  assert.deepEqual(reply, {
    id: 'u',
    channel: '/meta/unsubscribe',
    successful: true,
    subscription: '/v2/me/chats',
  });
  fixture.publish([alice.userId], '/v2/me/chats', 'not for me any more');
  fixture.publish([alice.userId], '/v2/me/channels', 'still mine');
  const replies = await fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.deepEqual(
    replies.map((r) => r.data ?? r.channel),
    ['still mine', '/meta/connect'],
  );
  fixture.close();
});

test('publishing to a non-service channel is denied; malformed channels are 400', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  const replies = await fixture.send([
    { channel: '/v2/me/chats', id: 'p', clientId, data: { forged: true } },
    { channel: '/v2/users/u-bob/chats', clientId, data: 1 },
    { channel: '/v2/me/*', clientId, data: 1 },
    { channel: 'nope', clientId, data: 1 },
  ]);
  assert.deepEqual(
    replies.map((reply) => [reply.channel, reply.successful, reply.error]),
    [
      ['/v2/me/chats', false, '403::publish denied'],
      ['/v2/users/u-bob/chats', false, '403::publish denied'],
      ['/v2/me/*', false, '400::invalid channel'],
      ['nope', false, '400::invalid channel'],
    ],
  );
  assert.equal(fixture.hub.get(clientId)?.hasQueued, false, 'nothing was delivered');
  fixture.close();
});

test('malformed messages get 400 error replies and do not stop the rest of the batch', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.handshake();
  const replies = await fixture.send([
    1,
    'x',
    null,
    [],
    { id: 'no-channel' },
    { channel: 42 },
    { channel: '/meta/whatever', id: 'm' },
    { channel: '/meta/connect' },
    { channel: '/meta/subscribe', clientId: 12, subscription: '/v2/me/chats' },
    { channel: '/meta/connect', clientId, connectionType: 3 },
    { channel: '/meta/unsubscribe', id: 'ok', clientId, subscription: '/v2/me/chats' },
  ]);
  assert.deepEqual(
    replies.map((reply) => [reply.channel, reply.error ?? 'ok']),
    [
      ['/meta/unsuccessful', '400::message is not an object'],
      ['/meta/unsuccessful', '400::message is not an object'],
      ['/meta/unsuccessful', '400::message is not an object'],
      ['/meta/unsuccessful', '400::message is not an object'],
      ['/meta/unsuccessful', '400::missing channel'],
      ['/meta/unsuccessful', '400::invalid channel'],
      ['/meta/whatever', '400::unknown meta channel'],
      ['/meta/connect', '400::missing clientId'],
      ['/meta/subscribe', '400::clientId is not a string'],
      ['/meta/connect', '400::invalid connectionType'],
      ['/meta/unsubscribe', 'ok'],
    ],
  );
  fixture.close();
});

test('disconnect ends the session and answers its held connect with reconnect none', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const held = fixture.send([{ channel: '/meta/connect', id: 'c', clientId }]);
  assert.equal(await settles(held), false);
  const [reply] = await fixture.send([{ channel: '/meta/disconnect', id: 'd', clientId }]);
  assert.deepEqual(reply, { id: 'd', channel: '/meta/disconnect', successful: true });
  assert.deepEqual(await held, [
    { id: 'c', channel: '/meta/connect', successful: true, advice: { reconnect: 'none' } },
  ]);
  assert.equal(fixture.hub.sessionCount, 0);
  assert.equal(fixture.hub.userCount, 0);
  const [after] = await fixture.send([{ channel: '/meta/connect', clientId }]);
  assert.equal(after?.error, '402::unknown_session');
  fixture.close();
});

test('close answers held connects with what is queued and refuses new handshakes', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/v2/me/chats']);
  const held = fixture.send([{ channel: '/meta/connect', id: 'c', clientId }]);
  assert.equal(await settles(held), false);
  fixture.publish([alice.userId], '/v2/me/chats', 'last words');
  fixture.close();
  assert.deepEqual(
    (await held).map((reply) => [reply.channel, reply.data ?? reply.successful]),
    [
      ['/v2/me/chats', 'last words'],
      ['/meta/connect', true],
    ],
  );
  const [refused] = await fixture.send([{ channel: '/meta/handshake' }]);
  assert.equal(refused?.successful, false);
  assert.equal(refused?.error, '503::Server shutting down');
  assert.equal(fixture.hub.sessionCount, 0);
});

test('the clientId never appears in the logs', async () => {
  const fixture = protocolFixture();
  const clientId = await fixture.session(alice, ['/**']);
  await fixture.send([{ channel: '/meta/disconnect', clientId }]);
  assert.ok(fixture.logger.entries.length >= 2);
  assert.equal(JSON.stringify(fixture.logger.entries).includes(clientId), false);
  fixture.close();
});
