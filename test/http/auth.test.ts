/** Authentication (spec §1.4): Basic, the session cookie, throttling, and every denial. */
import assert from 'node:assert/strict';
import { scryptSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { hashSessionId } from '../../src/auth/authenticator.js';
import { throttleKeys } from '../../src/auth/login-throttle.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { currentScrypt, verifyPassword } from '../../src/auth/passwords.js';
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

  test('repeated failures throttle the name from that source (429, Retry-After), even for the right password', async () => {
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
    const { pairKey } = throttleKeys(`${t.contactCenterId}/throttled`, '127.0.0.1');
    assert.equal(await t.store.loginFailures.get(pairKey), undefined, 'a success clears the count');
  });

  test("a stranger's failures from another address do not lock the user out", async () => {
    await createUser(t, 'targeted', ['ROLE_ADMIN'], 'targeted-password');
    const from = (remoteAddress: string, password: string) =>
      t.app.server.inject({
        method: 'GET',
        url: '/api/v2/me',
        remoteAddress,
        headers: { authorization: basic('targeted', password) },
      });
    for (let i = 0; i < 8; i++) await from('203.0.113.9', `guess-${i}-pw`);
    assert.equal(failure(await from('203.0.113.9', 'targeted-password')).http, 429, 'the stranger is locked');
    assert.equal((await from('198.51.100.4', 'targeted-password')).statusCode, 200, 'the user is not');
    // Spelt with its contact center, it is the same account: still locked for the stranger.
    const qualified = await t.app.server.inject({
      method: 'GET',
      url: '/api/v2/me',
      remoteAddress: '203.0.113.9',
      headers: { authorization: basic(`targeted@${t.contactCenterId}`, 'targeted-password') },
    });
    assert.equal(failure(qualified).http, 429);
  });

  test('parallel wrong guesses: no more than five are checked', async () => {
    await createUser(t, 'raced', ['ROLE_AGENT'], 'raced-password');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.app.server.inject({
          method: 'GET',
          url: '/api/v2/me',
          remoteAddress: '203.0.113.77',
          headers: { authorization: basic('raced', `parallel-${i}-pw`) },
        }),
      ),
    );
    const statuses = answers.map((a) => a.statusCode);
    assert.equal(statuses.filter((s) => s === 401).length, 5, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 429).length, 7);
  });

  test('parallel requests with the right credentials share one check: none is throttled', async () => {
    await createUser(t, 'eager', ['ROLE_AGENT'], 'eager-password');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => me({ authorization: basic('eager', 'eager-password') })),
    );
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array.from({ length: 12 }, () => 200),
    );
  });

  test('a hash made at an older scrypt cost logs in, and is replaced by one at the current cost', async () => {
    const id = await createUser(t, 'legacy', ['ROLE_AGENT'], 'placeholder-pw');
    const salt = Buffer.from('fedcba9876543210');
    const older = currentScrypt().N / 2; // npm test runs at a cheaper cost than a server (passwords.ts)
    const key = scryptSync('legacy-password', salt, 32, { N: older, r: 8, p: 1 });
    const legacy = ['scrypt', older, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
    await t.store.users.update(id, { passwordHash: legacy, updatedAt: clock });
    t.app.authenticator.forgetUser(id);
    assert.equal(failure(await me({ authorization: basic('legacy', 'legacy-passwore') })).statusCode, 20);
    assert.equal((await me({ authorization: basic('legacy', 'legacy-password') })).statusCode, 200);
    const stored = (await t.store.users.get(id))?.passwordHash ?? '';
    assert.ok(stored.startsWith(`scrypt$${currentScrypt().N}$8$1$`), stored);
    assert.equal(await verifyPassword('legacy-password', stored), true);
    // Verified afresh (another spelling of the header is not in the credentials cache).
    const again = await me({ authorization: basic('legacy', 'legacy-password').replace('Basic', 'basic') });
    assert.equal(again.statusCode, 200);
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

describe('logout (POST /parley/v1/me {"operationName":"Logout"})', () => {
  let t: TestApp;
  let clock = Date.now();
  before(async () => {
    t = await startTestApp({ now: () => clock });
    await createUser(t, 'leaver', ['ROLE_AGENT'], 'leaver-password');
  });
  after(() => t.close());
  const me = (headers: Record<string, string>, app = t.app) =>
    app.server.inject({ method: 'GET', url: '/api/v2/me', headers });
  const logout = (headers: Record<string, string>) =>
    t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/me',
      headers,
      payload: { operationName: 'Logout' },
    });
  const login = async () => cookieFrom(await me({ authorization: basic('leaver', 'leaver-password') }));

  test('ends the cookie session server-side and clears the cookie', async () => {
    const cookie = await login();
    assert.equal((await me({ cookie })).statusCode, 200);
    const out = await logout({ cookie });
    assert.deepEqual(json(out), { statusCode: 0 });
    assert.equal(
      out.headers['set-cookie'],
      'JSESSIONID=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    assert.equal(await t.store.sessions.get(hashSessionId(cookie.slice('JSESSIONID='.length))), undefined);
    assert.equal(failure(await logout({ cookie })).statusCode, 20, 'a second logout is not authenticated');
  });

  test('the cookie stops working on every node: told through the bus, or from the store', async () => {
    // Two more nodes on the same store: one on the same bus, one on a bus of its own.
    const told = await buildApp({
      config: t.config,
      store: t.store,
      bus: t.bus,
      logger: false,
      now: () => clock,
    });
    const lone = new InProcessBus();
    const untold = await buildApp({
      config: t.config,
      store: t.store,
      bus: lone,
      logger: false,
      now: () => clock,
    });
    try {
      const cookie = await login();
      assert.equal((await me({ cookie }, told)).statusCode, 200, 'now cached on that node');
      assert.equal((await me({ cookie }, untold)).statusCode, 200);
      assert.equal(json(await logout({ cookie })).statusCode, 0);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(failure(await me({ cookie }, told)).statusCode, 20);
      clock += 3000; // past the session cache of a node no one told
      assert.equal(failure(await me({ cookie }, untold)).statusCode, 20);
    } finally {
      await told.server.close();
      await untold.server.close();
      await lone.close();
    }
  });

  test('a Basic request logs out the session its credentials opened; sent again they open a new one', async () => {
    const auth = { authorization: basic('leaver', 'leaver-password') };
    const cookie = cookieFrom(await me(auth));
    const out = await logout(auth);
    assert.equal(json(out).statusCode, 0);
    assert.match(String(out.headers['set-cookie']), /^JSESSIONID=; .*Max-Age=0/, 'only the expired cookie');
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    const fresh = cookieFrom(await me(auth));
    assert.notEqual(fresh, cookie);
    assert.equal((await me({ cookie: fresh })).statusCode, 200);
  });

  test('without credentials → 20; an unknown operation → 10', async () => {
    assert.equal(failure(await logout({})).statusCode, 20);
    const cookie = await login();
    const f = failure(
      await t.app.server.inject({
        method: 'POST',
        url: '/parley/v1/me',
        headers: { cookie },
        payload: { operationName: 'Vanish' },
      }),
    );
    assert.equal(f.statusCode, 10);
    assert.equal((await me({ cookie })).statusCode, 200, 'still logged in');
  });
});

describe('logout with CSRF protection on', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp({ env: { PARLEY_CSRF: 'on' } })));
  after(() => t.close());

  test('needs the CSRF token: a foreign page cannot log the user out', async () => {
    const first = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth });
    const cookie = cookieFrom(first);
    const token = String(first.headers['x-csrf-token']);
    const logout = (headers: Record<string, string>) =>
      t.app.server.inject({
        method: 'POST',
        url: '/parley/v1/me',
        headers: { cookie, ...headers },
        payload: { operationName: 'Logout' },
      });
    assert.equal(failure(await logout({})).http, 403);
    // Change the last character, whatever it is (a fixed '0' equals the real token 1 time in 16).
    const tampered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    assert.equal(failure(await logout({ 'x-csrf-token': tampered })).http, 403);
    assert.equal(json(await logout({ 'x-csrf-token': token })).statusCode, 0);
    const after = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: { cookie } });
    assert.equal(failure(after).statusCode, 20);
  });
});
