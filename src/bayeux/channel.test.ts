import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { supervisorsOf } from '../notifications/bus.js';
import { isChannelName, matches, parsePattern, permittedSubscription, type Subscription } from './channel.js';

function pattern(name: string): Subscription {
  const parsed = parsePattern(name);
  assert.ok(parsed, `${name} should parse`);
  return parsed;
}

test('channel names follow the Bayeux grammar and carry no wildcard', () => {
  for (const name of ['/v2/me/chats', '/a', '/service/echo', '/v2/me/im-sessions', '/x_y/~!()$@']) {
    assert.equal(isChannelName(name), true, name);
  }
  for (const name of [
    '',
    '/',
    '//',
    'v2/me/chats',
    '/v2//me',
    '/v2/me/',
    '/v2/me/*',
    '/v2/me/**',
    '/a b',
    '/é',
    7,
  ]) {
    assert.equal(isChannelName(name), false, String(name));
  }
});

test('patterns: exact, one-segment and deep wildcards; wildcards only as the last segment', () => {
  assert.deepEqual(parsePattern('/v2/me/chats'), {
    pattern: '/v2/me/chats',
    glob: 'none',
    prefix: '/v2/me/chats',
  });
  assert.deepEqual(parsePattern('/v2/me/*'), { pattern: '/v2/me/*', glob: 'one', prefix: '/v2/me/' });
  assert.deepEqual(parsePattern('/v2/me/**'), { pattern: '/v2/me/**', glob: 'deep', prefix: '/v2/me/' });
  assert.deepEqual(parsePattern('/**'), { pattern: '/**', glob: 'deep', prefix: '/' });
  assert.deepEqual(parsePattern('/*'), { pattern: '/*', glob: 'one', prefix: '/' });
  for (const name of ['/*/chats', '/v2/*/chats', '/v2/me/***', '/v2/me*', '//**', '/v2//*', '**', null]) {
    assert.equal(parsePattern(name), null, String(name));
  }
});

test('matching follows Bayeux globbing', () => {
  const cases: [string, string, boolean][] = [
    ['/v2/me/chats', '/v2/me/chats', true],
    ['/v2/me/chats', '/v2/me/channels', false],
    ['/v2/me/*', '/v2/me/chats', true],
    ['/v2/me/*', '/v2/me/chats/x', false],
    ['/v2/me/*', '/v2/me', false],
    ['/v2/me/**', '/v2/me/chats/x', true],
    ['/v2/me/**', '/v2/mex/chats', false],
    ['/**', '/v2/me/chats', true],
    ['/**', '/a', true],
    ['/*', '/a', true],
    ['/*', '/v2/me/chats', false],
  ];
  for (const [name, channel, expected] of cases) {
    assert.equal(matches(pattern(name), channel), expected, `${name} vs ${channel}`);
  }
});

test('a client may subscribe only to its own channels or the all-of-mine wildcards', () => {
  for (const name of [
    '/v2/me/chats',
    '/v2/me/channels',
    '/v2/me/facebooksession',
    '/v2/me/*',
    '/v2/me/**',
    '/**',
    '/*',
  ]) {
    assert.ok(permittedSubscription(name), name);
  }
  for (const name of [
    '/v2/users/x/chats',
    '/v2/me',
    '/v2/me/',
    '/v2/me/a/b',
    '/v2/me/*x',
    '/v2/*',
    '/meta/connect',
    '/meta/*',
    '/service/echo',
    '/notifications/services',
    '/',
    '//',
    'v2/me/chats',
  ]) {
    assert.equal(permittedSubscription(name), null, name);
  }
});

test("the board is permitted only to a supervisor of the principal's own contact center", () => {
  const supervisor = { userId: 'u1', contactCenterId: 'cc-a', audiences: [supervisorsOf('cc-a')] };
  const board = permittedSubscription('/parley/v1/board', supervisor);
  assert.ok(board);
  assert.equal(matches(board, '/parley/v1/board'), true);
  for (const principal of [
    undefined,
    { userId: 'u2', contactCenterId: 'cc-a' },
    { userId: 'u3', contactCenterId: 'cc-a', audiences: [] },
    // A principal of B that somehow carries A's audience still gets no board of its own center.
    { userId: 'u4', contactCenterId: 'cc-b', audiences: [supervisorsOf('cc-a')] },
  ]) {
    assert.equal(permittedSubscription('/parley/v1/board', principal), null, JSON.stringify(principal));
  }
  for (const name of ['/parley/v1/board/x', '/parley/v1/*', '/parley/**', '/parley/v1/boards']) {
    assert.equal(permittedSubscription(name, supervisor), null, name);
  }
});

test('the shared wildcards are one instance each (idle sessions do not copy them)', () => {
  assert.equal(permittedSubscription('/**'), permittedSubscription('/**'));
  assert.equal(permittedSubscription('/v2/me/*'), permittedSubscription('/v2/me/*'));
});

test('property: every own topic is permitted, matched by its own wildcards and by nobody else', () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9_\-!~()$@.]{1,12}$/);
  fc.assert(
    fc.property(segment, segment, (topic, other) => {
      const channel = `/v2/me/${topic}`;
      assert.ok(isChannelName(channel));
      const own = permittedSubscription(channel);
      assert.ok(own);
      assert.equal(matches(own, channel), true);
      assert.equal(matches(pattern('/v2/me/*'), channel), true);
      assert.equal(matches(pattern('/v2/me/**'), channel), true);
      assert.equal(matches(pattern('/**'), channel), true);
      assert.equal(matches(pattern('/*'), channel), false);
      assert.equal(matches(own, `/v2/me/${other}`), topic === other);
      assert.equal(matches(pattern('/v2/me/*'), `/v2/me/${topic}/${other}`), false);
    }),
  );
});
