import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameSecret } from './same-secret.js';

test('only the identical token matches; other lengths, arrays and absence do not', () => {
  const token = '4a92be65-ec55-4aa2-b9df-9518fd870f2f';
  assert.equal(sameSecret(token, token), true);
  assert.equal(sameSecret('4a92be65-ec55-4aa2-b9df-9518fd870f2e', token), false);
  assert.equal(sameSecret(token.slice(1), token), false);
  assert.equal(sameSecret(`${token}x`, token), false);
  assert.equal(sameSecret([token], token), false);
  assert.equal(sameSecret(undefined, token), false);
  assert.equal(sameSecret('', token), false);
});
