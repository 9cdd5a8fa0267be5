import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { test } from 'node:test';
import { scryptCost } from '../config.js';
import { hashPassword, needsRehash, scryptParameters, verifyPassword } from './passwords.js';

/** A hash as Parley ≤ 0.1 stored it (N=2^14), made here without Parley's code. */
function legacyHash(password: string): string {
  const salt = Buffer.from('0123456789abcdef');
  const key = scryptSync(password.normalize('NFC'), salt, 32, { N: 16384, r: 8, p: 1 });
  return ['scrypt', 16384, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

test("new hashes use OWASP's scrypt cost and carry it", async () => {
  const owasp = scryptParameters(scryptCost({}));
  assert.deepEqual(owasp, { N: 2 ** 17, r: 8, p: 1 });
  const stored = await hashPassword('correct horse', owasp);
  assert.match(stored, /^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.equal(await verifyPassword('correct horse', stored), true);
  assert.equal(await verifyPassword('correct horsE', stored), false);
  assert.equal(needsRehash(stored, owasp), false);
});

test('PARLEY_SCRYPT_COST names log2 N within 14–20, and nothing else', () => {
  assert.equal(scryptCost({}), 17);
  assert.equal(scryptCost({ PARLEY_SCRYPT_COST: '14' }), 14);
  for (const bad of ['13', '21', '16.5', 'high']) {
    assert.throws(() => scryptCost({ PARLEY_SCRYPT_COST: bad }), /PARLEY_SCRYPT_COST/);
  }
});

test('hashes made at the old cost still verify, and ask for a rehash', async () => {
  const stored = legacyHash('old-password');
  assert.equal(await verifyPassword('old-password', stored), true);
  assert.equal(await verifyPassword('old-passwore', stored), false);
  assert.equal(needsRehash(stored, scryptParameters(scryptCost({}))), true);
});

test('malformed or unbounded stored hashes never verify (and allocate nothing)', async () => {
  const [, , , , salt, key] = legacyHash('pw-pw-pw-pw').split('$');
  for (const stored of [
    '',
    'bcrypt$whatever',
    `scrypt$16384$8$1$${salt}`,
    `scrypt$16383$8$1$${salt}$${key}`, // N not a power of two
    `scrypt$${2 ** 24}$8$1$${salt}$${key}`, // 16 GiB
    `scrypt$16384$8$99$${salt}$${key}`,
    `scrypt$16384$8$1$${salt}$${key}$extra`,
  ]) {
    assert.equal(await verifyPassword('pw-pw-pw-pw', stored), false, stored);
    assert.equal(needsRehash(stored), true);
  }
});
