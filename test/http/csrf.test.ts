/** CSRF protection exactly as GWS (spec §1.4), when PARLEY_CSRF=on; absent when off. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, cookieFrom, failure, json, startTestApp } from '../support/app.js';

const newUser = (userName: string) => ({ userName, password: 'csrf-password', roles: ['ROLE_AGENT'] });

describe('CSRF on', () => {
  let t: TestApp;
  let cookie: string;
  let token: string;
  before(async () => {
    t = await startTestApp({ env: { PARLEY_CSRF: 'on' } });
    const response = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth });
    assert.equal(response.headers['x-csrf-header'], 'X-CSRF-TOKEN');
    token = String(response.headers['x-csrf-token']);
    assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    cookie = cookieFrom(response);
  });
  after(() => t.close());
  const post = (headers: Record<string, string>, userName: string) =>
    t.app.server.inject({ method: 'POST', url: '/api/v2/users', headers, payload: newUser(userName) });

  test('GET with the cookie repeats the same token', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: { cookie } });
    assert.equal(response.headers['x-csrf-token'], token);
  });

  test('a mutating request without the token → 403 "Missing or invalid Csrf token", nothing stored', async () => {
    const f = failure(await post({ cookie }, 'csrf-none'));
    assert.deepEqual(f, { http: 403, statusCode: 3, statusMessage: 'Missing or invalid Csrf token' });
    assert.equal(await t.store.users.getByUserName('csrf-none'), undefined);
  });

  test('a wrong token → 403', async () => {
    assert.equal(failure(await post({ cookie, 'x-csrf-token': 'not-it' }, 'csrf-wrong')).http, 403);
  });

  test('the token without the session cookie (Basic only) → 403', async () => {
    assert.equal(failure(await post({ ...adminAuth, 'x-csrf-token': token }, 'csrf-basic')).http, 403);
  });

  test('cookie and token → accepted', async () => {
    assert.equal(json(await post({ cookie, 'x-csrf-token': token }, 'csrf-ok')).statusCode, 0);
  });
});

describe('CSRF off (default)', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp()));
  after(() => t.close());

  test('no CSRF headers, and Basic-only mutations are accepted', async () => {
    const get = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth });
    assert.equal(get.headers['x-csrf-token'], undefined);
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/users',
      headers: adminAuth,
      payload: newUser('plain'),
    });
    assert.equal(json(response).statusCode, 0);
  });
});
