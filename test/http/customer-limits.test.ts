/**
 * RequestChat limits (customer/limits.ts): per client address (a token bucket: a burst, then a
 * rate; X-Forwarded-For believed only from a configured proxy), per contact center (counted in
 * the store), and the queue cap. Each refusal is a GWS failure body (spec §1.3) and stores
 * nothing. Time is the app's clock: no test sleeps. Runs on SQLite and PostgreSQL (the
 * per-contact-center count and the queue cap are store queries).
 */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import type { TestApp } from '../support/app.js';
import { adminAuth, failure, json, startTestApp } from '../support/app.js';
import { describeEachStore } from '../support/databases.js';

const OTHER_CENTER = '00000000-0000-4000-8000-00000000cc02';

describeEachStore('RequestChat limits', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let clock: number;
  const start = async (env: Record<string, string> = {}) => {
    clock = Date.now();
    t = await startTestApp({ now: () => clock, env, database: makeDatabase() });
  };
  afterEach(() => t?.close());

  const requestChat = (options: { from?: string; headers?: Record<string, string>; center?: string } = {}) =>
    t.app.server.inject({
      method: 'POST',
      url: '/api/v2/chats',
      headers: { contactcenterid: options.center ?? t.contactCenterId, ...options.headers },
      payload: { operationName: 'RequestChat', nickname: 'Flood' },
      ...(options.from ? { remoteAddress: options.from } : {}),
    });
  const waiting = () => t.store.chats.countWaiting(t.contactCenterId, 100_000);
  const updateSettings = (values: Record<string, unknown>) =>
    t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: values },
    });

  test(
    'a flood from one address is refused after the burst, with Retry-After; another address is served',
    skip,
    async () => {
      await start(); // the defaults: bursts of 30, then 60 a minute
      const script = '203.0.113.7';
      for (let i = 0; i < 30; i++)
        assert.equal(json(await requestChat({ from: script })).statusCode, 0, `#${i}`);
      const refused = await requestChat({ from: script });
      const f = failure(refused);
      assert.deepEqual([f.http, f.statusCode], [429, 3]);
      assert.match(f.statusMessage, /^Too many chat requests from this address; try again in 1 s$/);
      assert.equal(refused.headers['retry-after'], '1');
      assert.equal(await waiting(), 30, 'the refused request stored nothing');
      // Hammering does not help: every further try is refused too, and stores nothing.
      for (let i = 0; i < 20; i++) assert.equal((await requestChat({ from: script })).statusCode, 429);
      assert.equal(await waiting(), 30);

      assert.equal(json(await requestChat({ from: '198.51.100.2' })).statusCode, 0, 'another address');
      // 60 a minute: one more each second once the burst is spent.
      clock += 1000;
      assert.equal(json(await requestChat({ from: script })).statusCode, 0);
      assert.equal((await requestChat({ from: script })).statusCode, 429);
      clock += 10_000;
      for (let i = 0; i < 10; i++) assert.equal(json(await requestChat({ from: script })).statusCode, 0);
      assert.equal((await requestChat({ from: script })).statusCode, 429);
    },
  );

  test('X-Forwarded-For names the client only when the peer is a trusted proxy', skip, async () => {
    await start({ PARLEY_REQUEST_CHAT_BURST: '2' });
    const spoofed = (client: string) =>
      requestChat({ from: '203.0.113.7', headers: { 'x-forwarded-for': client } });
    assert.equal((await spoofed('10.0.0.1')).statusCode, 200);
    assert.equal((await spoofed('10.0.0.2')).statusCode, 200);
    assert.equal((await spoofed('10.0.0.3')).statusCode, 429, 'an untrusted peer is the client');
    await t.close();

    await start({ PARLEY_REQUEST_CHAT_BURST: '2', PARLEY_TRUSTED_PROXIES: '192.0.2.10' });
    const proxied = (client: string) =>
      requestChat({ from: '192.0.2.10', headers: { 'x-forwarded-for': client } });
    for (const client of ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2'])
      assert.equal((await proxied(client)).statusCode, 200, client);
    assert.equal((await proxied('10.0.0.1')).statusCode, 429, 'the client behind the proxy is limited');
    // The proxy appends the address it saw; what the client wrote before it is not believed.
    assert.equal((await proxied('10.0.0.9, 10.0.0.1')).statusCode, 429, 'a spoofed entry does not help');
    assert.equal((await proxied('10.0.0.3')).statusCode, 200, 'another client behind the proxy');
  });

  test(
    'per contact center: the limit holds across addresses; another contact center is not affected',
    skip,
    async () => {
      await start({ PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: '5/min' });
      await t.store.contactCenters.create({
        id: OTHER_CENTER,
        name: 'other',
        features: ['api-multimedia'],
        settings: DEFAULT_SETTINGS,
        createdAt: clock,
      });
      for (let i = 0; i < 5; i++) {
        assert.equal(json(await requestChat({ from: `198.51.100.${i}` })).statusCode, 0);
        clock += 1000;
      }
      const refused = await requestChat({ from: '198.51.100.200' });
      const f = failure(refused);
      assert.deepEqual([f.http, f.statusCode], [429, 3]);
      assert.match(f.statusMessage, /^Too many chat requests for this contact center; try again in 55 s$/);
      assert.equal(refused.headers['retry-after'], '55', 'when the oldest request leaves the minute');
      assert.equal(await waiting(), 5, 'nothing stored');
      assert.equal(json(await requestChat({ center: OTHER_CENTER })).statusCode, 0, 'another contact center');
      clock += 55_000;
      assert.equal(
        json(await requestChat({ from: '198.51.100.200' })).statusCode,
        0,
        'a minute after the first',
      );
      assert.equal((await requestChat({ from: '198.51.100.201' })).statusCode, 429);
    },
  );

  test('the queue cap: RequestChat beyond maxWaitingChats is refused and stores nothing', skip, async () => {
    await start();
    assert.equal(json(await updateSettings({ maxWaitingChats: 2 })).statusCode, 0);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) tokens.push(json(await requestChat()).id as string);
    const full = await requestChat();
    const f = failure(full);
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [429, 13, 'The queue is full (2 chats are waiting for an agent); try again later'],
    );
    assert.equal(full.headers['retry-after'], '30');
    assert.equal(await waiting(), 2);
    assert.equal((await t.store.chats.requestedSince(t.contactCenterId, 0, 100)).count, 2, 'no chat row');
    // A place frees when a waiting customer leaves.
    await t.app.server.inject({
      method: 'POST',
      url: `/api/v2/chats/${tokens[0]}`,
      headers: { contactcenterid: t.contactCenterId },
      payload: { operationName: 'Complete' },
    });
    assert.equal(json(await requestChat()).statusCode, 0);
    assert.equal((await requestChat()).statusCode, 429);
  });

  test('the new settings are validated like the others (statusCode 10)', skip, async () => {
    await start();
    for (const bad of [
      { maxWaitingChats: 0 },
      { waitingTimeoutSeconds: 59 },
      { customerIdleTimeoutSeconds: 30 },
      { customerIdleTimeoutSeconds: 1.5 },
    ])
      assert.equal(failure(await updateSettings(bad)).statusCode, 10, JSON.stringify(bad));
    const read = json(
      await t.app.server.inject({ method: 'GET', url: '/parley/v1/contact-center', headers: adminAuth }),
    );
    const { maxWaitingChats, waitingTimeoutSeconds, customerIdleTimeoutSeconds } = (
      read.contactCenter as { settings: Record<string, unknown> }
    ).settings;
    assert.deepEqual([maxWaitingChats, waitingTimeoutSeconds, customerIdleTimeoutSeconds], [500, 1800, 300]);
    const good = { maxWaitingChats: 100_000, waitingTimeoutSeconds: 60, customerIdleTimeoutSeconds: 86_400 };
    assert.equal(json(await updateSettings(good)).statusCode, 0);
  });
});
