import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceOf, UNATTRIBUTED } from './source.js';

test('IPv4 is the address; IPv4-mapped IPv6 is its IPv4 address', () => {
  assert.equal(sourceOf('203.0.113.7'), '203.0.113.7');
  assert.equal(sourceOf('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(sourceOf('::FFFF:203.0.113.7'), '203.0.113.7');
});

test('IPv6 counts by /64, however the address is written', () => {
  const a = sourceOf('2001:db8:aaaa:bbbb::1');
  assert.equal(a, '2001:db8:aaaa:bbbb::/64');
  assert.equal(sourceOf('2001:0db8:AAAA:bbbb:1234:5678:9abc:def0'), a);
  assert.equal(sourceOf('2001:db8:aaaa:bbbb:0:0:0:2%eth0'), a);
  assert.notEqual(sourceOf('2001:db8:aaaa:bbbc::1'), a);
  assert.equal(sourceOf('::1'), '0:0:0:0::/64');
  assert.equal(sourceOf('fe80::1'), 'fe80:0:0:0::/64');
  assert.equal(sourceOf('64:ff9b::192.0.2.33'), '64:ff9b:0:0::/64');
});

test('no address, or not an address, is one unattributed source', () => {
  assert.equal(sourceOf(undefined), UNATTRIBUTED);
  assert.equal(sourceOf(''), UNATTRIBUTED);
  assert.equal(sourceOf('not-an-ip'), UNATTRIBUTED);
});
