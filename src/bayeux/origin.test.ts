/** The Origin rule of the notifications (origin.ts; spec §1.4, §5.1), as a pure function. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originPolicy } from './origin.js';

const host = '127.0.0.1:8090';

test('no Origin header (the CometD Node client, curl) is admitted; any Origin is then checked', () => {
  const admit = originPolicy();
  assert.equal(admit({ host }), true);
  assert.equal(admit({ host, origin: 'https://evil.example' }), false);
  assert.equal(admit({ host, origin: '' }), false);
});

test('without PUBLIC_URL the own origin is http:// + Host, and nothing near it', () => {
  const admit = originPolicy();
  assert.equal(admit({ host, origin: 'http://127.0.0.1:8090' }), true);
  assert.equal(admit({ host: 'Chat.Example.com', origin: 'http://chat.example.com' }), true);
  assert.equal(admit({ host: 'chat.example.com:80', origin: 'http://chat.example.com' }), true);
  // Host carries no scheme: https://<Host> may be another server on port 443 of that machine.
  assert.equal(admit({ host: 'chat.example.com', origin: 'https://chat.example.com' }), false);
  assert.equal(admit({ host, origin: 'http://127.0.0.1:8091' }), false);
  assert.equal(admit({ host, origin: 'http://127.0.0.1' }), false);
  // A Host that is not a bare authority names no origin; none at all neither.
  assert.equal(admit({ host: 'evil.example/x', origin: 'http://evil.example' }), false);
  assert.equal(admit({ host: 'a@evil.example', origin: 'http://evil.example' }), false);
  assert.equal(admit({ origin: 'http://undefined' }), false);
  assert.equal(admit({ host: '[::1]:8090', origin: 'http://[::1]:8090' }), true);
});

test('with PUBLIC_URL its origin is the own one, and the Host is not believed', () => {
  const admit = originPolicy({ publicUrl: 'https://chat.example.com/base' });
  assert.equal(admit({ host, origin: 'https://chat.example.com' }), true);
  assert.equal(admit({ host: 'chat.example.com', origin: 'http://chat.example.com' }), false);
  assert.equal(admit({ host, origin: 'http://127.0.0.1:8090' }), false);
});

test('trusted origins are admitted; `*` and `null` never are', () => {
  const admit = originPolicy({ trusted: ['https://desk.example.com', '*'] });
  assert.equal(admit({ host, origin: 'https://desk.example.com' }), true);
  assert.equal(admit({ host, origin: 'https://desk.example.com.evil.example' }), false);
  assert.equal(admit({ host, origin: 'https://evil.example' }), false);
  assert.equal(admit({ host, origin: 'null' }), false);
  assert.equal(admit({ host, origin: '*' }), false);
});

test('the Origin of the older WebSocket drafts (Sec-WebSocket-Origin) is checked alike', () => {
  const admit = originPolicy();
  assert.equal(admit({ host, 'sec-websocket-origin': 'https://evil.example' }), false);
  assert.equal(admit({ host, 'sec-websocket-origin': 'http://127.0.0.1:8090' }), true);
});
