import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBasic, readCookie } from './basic.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('Basic credentials: the password may hold colons; the scheme is case-insensitive', () => {
  assert.deepEqual(parseBasic(`Basic ${b64('ann:pa:ss')}`), { userName: 'ann', password: 'pa:ss' });
  assert.deepEqual(parseBasic(`basic ${b64('ann:')}`), { userName: 'ann', password: '' });
});

test('no header or another scheme is "no Basic"; an undecodable Basic header is null', () => {
  assert.equal(parseBasic(undefined), undefined);
  assert.equal(parseBasic('Bearer abc'), undefined);
  assert.equal(parseBasic('Basic'), null);
  assert.equal(parseBasic(`Basic ${b64('no-colon')}`), null);
  assert.equal(parseBasic(`Basic ${b64(':no-user')}`), null);
});

test('cookies are found by exact name', () => {
  assert.equal(readCookie('a=1; JSESSIONID=xyz; b=2', 'JSESSIONID'), 'xyz');
  assert.equal(readCookie('XJSESSIONID=no', 'JSESSIONID'), undefined);
  assert.equal(readCookie('JSESSIONID=', 'JSESSIONID'), undefined);
  assert.equal(readCookie(undefined, 'JSESSIONID'), undefined);
  // The last pair, pairs without '=', and an '=' that belongs to a later pair.
  assert.equal(readCookie('a=1;JSESSIONID=last', 'JSESSIONID'), 'last');
  assert.equal(readCookie('flag; JSESSIONID=v=w ;', 'JSESSIONID'), 'v=w');
  assert.equal(readCookie('JSESSIONID; x=JSESSIONID', 'JSESSIONID'), undefined);
  assert.equal(readCookie('=v; JSESSIONID =spaced', 'JSESSIONID'), 'spaced');
});
