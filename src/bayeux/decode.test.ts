import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsHandshake, decodeBatch, tooLargeResponse } from './decode.js';

test('a batch is an array of messages or one message object', () => {
  assert.deepEqual(decodeBatch('[{"channel":"/meta/connect"}]'), {
    ok: true,
    messages: [{ channel: '/meta/connect' }],
  });
  assert.deepEqual(decodeBatch('{"channel":"/meta/connect"}'), {
    ok: true,
    messages: [{ channel: '/meta/connect' }],
  });
});

test('undecodable text becomes a 400 Bayeux error response', () => {
  for (const [text, error] of [
    ['', '400::invalid JSON'],
    ['{"channel":', '400::invalid JSON'],
    ['\u0000garbage', '400::invalid JSON'],
    ['"x"', '400::a batch is a message object or an array of them'],
    ['42', '400::a batch is a message object or an array of them'],
    ['null', '400::a batch is a message object or an array of them'],
    ['[]', '400::empty batch'],
  ] as const) {
    const decoded = decodeBatch(text);
    assert.equal(decoded.ok, false, text);
    if (decoded.ok) continue;
    assert.equal(decoded.response.status, 400);
    assert.deepEqual(JSON.parse(decoded.response.body), [
      { channel: '/meta/unsuccessful', successful: false, error },
    ]);
  }
});

test('deeply nested JSON is an error, not a crash', () => {
  const text = '['.repeat(100_000) + ']'.repeat(100_000);
  const decoded = decodeBatch(text);
  // Either V8 parses it (then the messages are not objects) or it refuses; both are handled.
  assert.equal(typeof decoded.ok, 'boolean');
});

test('oversized input gets a 413 Bayeux error', () => {
  const response = tooLargeResponse(65536);
  assert.equal(response.status, 413);
  assert.deepEqual(JSON.parse(response.body), [
    { channel: '/meta/unsuccessful', successful: false, error: '413::message larger than 65536 bytes' },
  ]);
});

test('containsHandshake looks at channels only', () => {
  assert.equal(containsHandshake([{ channel: '/meta/connect' }, { channel: '/meta/handshake' }]), true);
  assert.equal(
    containsHandshake([{ channel: '/meta/connect' }, 'x', null, { data: '/meta/handshake' }]),
    false,
  );
});
