import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStorable, unstorableAt } from './storable-text.js';

test('U+0000 and unpaired surrogates are not storable; paired ones and other controls are', () => {
  assert.equal(isStorable('plain text, tabs\t, emoji 😀, line\nbreaks'), true);
  assert.equal(isStorable('a\u0000b'), false);
  assert.equal(isStorable('\uD83D'), false, 'a high surrogate alone');
  assert.equal(isStorable('x\uDE00'), false, 'a low surrogate alone');
  assert.equal(isStorable('\u0001\u001f\u007f'), true, 'other control characters store as sent');
});

test('unstorableAt names the first offending value or key by its path', () => {
  assert.equal(unstorableAt({ operationName: 'SendMessage', text: 'hi' }), undefined);
  assert.equal(unstorableAt({ text: 'a\u0000' }), 'text');
  assert.equal(unstorableAt({ userData: { ok: 'x', bad: 'y\uD800' } }), 'userData.bad');
  assert.equal(unstorableAt({ keys: ['a', 'b\u0000'] }), 'keys.1');
  assert.equal(unstorableAt({ userData: { 'k\u0000': 'v' } }), 'userData.k\\u0000');
  assert.equal(unstorableAt('\u0000'), '');
  assert.equal(unstorableAt(42), undefined);
});
