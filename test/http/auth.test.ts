/** Authentication (spec §1.4): Basic, the session cookie, throttling, and every denial. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import {
  ADMIN,
  adminAuth,
  basic,
  cookieFrom,
  createUser,
  failure,
  json,
  startTestApp,
} from '../support/app.js';

describe('authentication', () => {
  let t: TestApp;
  let clock = Date.now();
  let agentId: string;
  before(async () => {
    t = await startTestApp({ now: () => clock });
    agentId = await createUser(t, 'agent.auth', ['ROLE_AGENT'], 'agent-password');
  });
  after(() => t.close());
  const me = (headers: Record<string, string>) =>
    t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers });

  test('no credentials → statusCode 20, HTTP 401, with a Basic challenge', async () => {
    const response = await me({});
    assert.deepEqual(failure(response), { http: 401, statusCode: 20, statusMessage: 'Access denied' });
    assert.equal(response.headers['www-authenticate'], 'Basic realm="Parley"');
    const xhr = await me({ 'x-requested-with': 'XMLHttpRequest' });
    assert.equal(xhr.headers['www-authenticate'], undefined, 'no browser dialog for script clients');
  });

  test('Basic opens an HttpOnly session cookie; the cookie alone then works', async () => {
    const first = await me({ authorization: basic('agent.auth', 'agent-password') });
    assert.equal(first.statusCode, 200);
    const setCookie = String(first.headers['set-cookie']);
    assert.match(setCookie, /^JSESSIONID=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const second = await me({ cookie: cookieFrom(first) });
    const user = json(second).user as Record<string, unknown>;
    assert.equal(user.id, agentId);
    assert.equal(user.userName, 'agent.auth');
    assert.deepEqual(user.roles, ['ROLE_AGENT']);
    assert.equal('contactCenterId' in user, false, 'only an administrator sees its contact center');
    assert.equal(second.headers['set-cookie'], undefined, 'no new session for a cookie request');
  });

  test('verified credentials are remembered: the same Basic header keeps one session', async () => {
    const a = await me({ authorization: basic('agent.auth', 'agent-password') });
    const b = await me({ authorization: basic('agent.auth', 'agent-password') });
    assert.equal(cookieFrom(a), cookieFrom(b));
  });

  test('an administrator sees its contactCenterId', async () => {
    const user = json(await me(adminAuth)).user as Record<string, unknown>;
    assert.equal(user.contactCenterId, t.contactCenterId);
    assert.equal(user.userName, ADMIN.userName);
  });

  test('wrong password, unknown user, malformed header, unknown cookie → 20/401', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: basic('agent.auth', 'wrong-password') },
      { authorization: basic('nobody', 'whatever-pw') },
      { authorization: 'Basic !!!not-base64' },
      { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
      { cookie: 'JSESSIONID=forged' },
    ];
    for (const headers of attempts) {
      const f = failure(await me(headers));
      assert.deepEqual([f.http, f.statusCode], [401, 20], JSON.stringify(headers));
    }
  });

  test('repeated failures throttle the user name (429, Retry-After), even for the right password', async () => {
    await createUser(t, 'throttled', ['ROLE_AGENT'], 'right-password');
    for (let i = 0; i < 5; i++) {
      assert.equal((await me({ authorization: basic('throttled', `wrong-${i}-pw`) })).statusCode, 401);
    }
    const locked = await me({ authorization: basic('THROTTLED', 'right-password') });
    const f = failure(locked);
    assert.deepEqual([f.http, f.statusCode], [429, 20]);
    assert.match(f.statusMessage, /retry in 30 s/);
    assert.equal(locked.headers['retry-after'], '30');
    assert.equal(
      (await me({ authorization: basic('agent.auth', 'agent-password') })).statusCode,
      200,
      'others unaffected',
    );
    clock += 31_000;
    assert.equal((await me({ authorization: basic('throttled', 'right-password') })).statusCode, 200);
    assert.equal(await t.store.loginFailures.get('throttled'), undefined, 'a success clears the count');
  });

  test('a disabled user is refused, by Basic and by its existing session', async () => {
    const id = await createUser(t, 'to.disable', ['ROLE_AGENT'], 'disable-me-pw');
    const login = await me({ authorization: basic('to.disable', 'disable-me-pw') });
    const cookie = cookieFrom(login);
    const put = await t.app.server.inject({
      method: 'PUT',
      url: `/api/v2/users/${id}`,
      headers: adminAuth,
      payload: { enabled: false },
    });
    assert.equal(json(put).statusCode, 0);
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    assert.equal(failure(await me({ authorization: basic('to.disable', 'disable-me-pw') })).statusCode, 20);
  });

  test('a password change ends sessions and old credentials', async () => {
    const id = await createUser(t, 'rotating', ['ROLE_AGENT'], 'old-password');
    const cookie = cookieFrom(await me({ authorization: basic('rotating', 'old-password') }));
    await t.app.server.inject({
      method: 'PUT',
      url: `/api/v2/users/${id}`,
      headers: adminAuth,
      payload: { password: 'new-password' },
    });
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    assert.equal(failure(await me({ authorization: basic('rotating', 'old-password') })).statusCode, 20);
    assert.equal((await me({ authorization: basic('rotating', 'new-password') })).statusCode, 200);
  });

  test('a deleted user loses its session', async () => {
    const id = await createUser(t, 'leaving', ['ROLE_AGENT'], 'leaving-password');
    const cookie = cookieFrom(await me({ authorization: basic('leaving', 'leaving-password') }));
    await t.app.server.inject({ method: 'DELETE', url: `/api/v2/users/${id}`, headers: adminAuth });
    assert.equal(failure(await me({ cookie })).statusCode, 20);
  });

  test('an expired session is refused', async () => {
    const cookie = cookieFrom(await me({ authorization: basic('agent.auth', 'agent-password') }));
    clock += 9 * 3600_000; // past the 8 h idle timeout
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    assert.ok((await t.app.authenticator.sweepExpiredSessions()) >= 1);
  });
});
