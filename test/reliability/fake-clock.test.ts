/**
 * One clock reaches everything time-driven through buildApp (STYLE.md §19; src/clock.ts): with a
 * FakeClock given to the app, `clock.advance` alone — no sleep, no direct call of a sweep — runs
 * the routing sweep (invitation, waiting and idle-customer timeouts), session expiry and its sweep,
 * the Bayeux hub's expiry sweep and the long-poll holds. On both stores.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { hashSessionId } from '../../src/auth/authenticator.js';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, cookieFrom, createUser, failure, json, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import {
  customerChat,
  invitations,
  operate,
  readyAgent,
  Recorder,
  requestChat,
  waitFor,
} from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';
import { FakeClock } from '../support/fake-clock.js';

const HOUR = 3600_000;
type Reply = Record<string, unknown>;

describeEachStore('a fake clock through buildApp', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let clock: FakeClock;
  let rec: Recorder;
  beforeEach(async () => {
    if (skip.skip) return;
    clock = new FakeClock();
    t = await startTestApp({ clock, database: makeDatabase() });
    rec = new Recorder(t);
  });
  afterEach(async () => {
    if (!skip.skip) await t.close();
  });

  const settings = async (values: object) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: values },
    });
    assert.equal(json(response).statusCode, 0, response.body);
  };
  const offeredTo = (agent: Agent, n = 1) =>
    waitFor(() => invitations(rec, agent.id).length >= n, 5000, `${n} offer(s) to ${agent.userName}`);

  test(
    'an offer not accepted within inviteTimeoutSeconds is withdrawn and offered to the next agent',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      await clock.advance(1000); // ann has waited longest: the chat goes to her first
      const bob = await readyAgent(t, 'bob');
      await requestChat(t);
      await offeredTo(ann);
      const chatId = invitations(rec, ann.id)[0] ?? '';
      await clock.advance(29_000); // the default 30 s, less a second
      assert.deepEqual(invitations(rec, bob.id), [], 'not before the timeout');
      assert.equal(rec.of(ann.id).at(-1)?.chat?.state, 'Invited');
      await clock.advance(1000);
      await offeredTo(bob);
      assert.equal(invitations(rec, bob.id)[0], chatId);
      assert.equal(rec.of(ann.id).at(-1)?.chat?.state, 'Revoked');
      const late = await operate(t, ann, chatId, { operationName: 'Accept' });
      assert.equal(late.statusCode, 2, 'a withdrawn offer cannot be accepted');
    },
  );

  test('a chat waiting past waitingTimeoutSeconds ends for its customer', skip, async () => {
    await settings({ waitingTimeoutSeconds: 60, customerIdleTimeoutSeconds: 300 });
    const token = await requestChat(t); // no agent: it waits
    for (let i = 0; i < 2; i++) {
      await clock.advance(29_000);
      assert.equal((await customerChat(t, token)).state, 'WaitingForAgent', 'polling, and not yet');
    }
    await clock.advance(2000);
    const chat = await customerChat(t, token);
    assert.deepEqual([chat.state, chat.capabilities], ['Idle', []]);
  });

  test('a customer silent past customerIdleTimeoutSeconds leaves', skip, async () => {
    await settings({ waitingTimeoutSeconds: 1800, customerIdleTimeoutSeconds: 60 });
    const token = await requestChat(t);
    const waiting = () => t.store.chats.countWaiting(t.contactCenterId, 10);
    // Activity is recorded a step (10 s) late at most (customer/timeouts.ts): 60 + 10 s.
    await clock.advance(69_000);
    assert.equal(await waiting(), 1, 'not before the timeout and its step');
    await clock.advance(1000);
    assert.equal(await waiting(), 0);
    assert.equal((await customerChat(t, token)).state, 'Idle');
  });

  test('a session cookie idle past its lifetime is refused, and the sweep deletes it', skip, async () => {
    await createUser(t, 'carl', ['ROLE_AGENT'], 'carl-password');
    const me = (headers: Record<string, string>) =>
      t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers });
    const cookie = cookieFrom(await me({ authorization: basic('carl', 'carl-password') }));
    const idHash = hashSessionId(cookie.slice('JSESSIONID='.length));
    // Eight hours run through every second's sweeps would take the suite long: the clock jumps
    // (set fires nothing), the authenticator reads the time from the same clock.
    clock.set(clock.now() + 8 * HOUR - 1000);
    assert.equal((await me({ cookie })).statusCode, 200, 'used within its idle time: it lives on');
    clock.set(clock.now() + 8 * HOUR);
    assert.equal(failure(await me({ cookie })).statusCode, 20);
    assert.ok(await t.store.sessions.get(idHash), 'refused at once, still stored until the sweep');
    await clock.advance(10 * 60_000); // the session sweep's period
    assert.equal(await t.store.sessions.get(idHash), undefined);
  });

  /** A long-poll batch through the app's own notifications route. */
  const notify = async (batch: object[], headers: Record<string, string> = {}): Promise<Reply[]> => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/notifications',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(batch),
    });
    return response.json<Reply[]>();
  };
  const handshake = async (): Promise<string> => {
    const [reply] = await notify([{ channel: '/meta/handshake', version: '1.0' }], adminAuth);
    assert.equal(reply?.successful, true);
    return String(reply?.clientId);
  };

  test('the hub expires a Bayeux session whose client stopped connecting', skip, async () => {
    const clientId = await handshake();
    assert.equal(t.app.bayeux.hub.sessionCount, 1);
    await clock.advance(40_000); // timeout 30 s + maxInterval 10 s: not yet over
    assert.ok(t.app.bayeux.hub.get(clientId), 'kept until timeout + maxInterval have passed');
    await clock.advance(1000); // the next sweep
    assert.equal(t.app.bayeux.hub.sessionCount, 0);
    const [reply] = await notify([{ channel: '/meta/connect', clientId, connectionType: 'long-polling' }]);
    assert.deepEqual([reply?.successful, reply?.error], [false, '402::unknown_session']);
  });

  test('a held long-poll is answered when its hold time passes, and its session lives on', skip, async () => {
    const clientId = await handshake();
    let answered: Reply[] | undefined;
    const held = notify([{ channel: '/meta/connect', clientId, connectionType: 'long-polling' }]).then(
      (replies) => (answered = replies),
    );
    // The request reaches the hub a few turns later; only then is its hold timer on the clock.
    await waitFor(() => (t.app.bayeux.hub.get(clientId)?.held ?? null) !== null, 5000, 'the connect held');
    await clock.advance(29_999);
    assert.equal(answered, undefined, 'held for advice.timeout (30 s)');
    await clock.advance(1);
    const [reply] = await held;
    assert.equal(reply?.successful, true);
    assert.equal((reply?.advice as Reply | undefined)?.timeout, 30_000);
    await clock.advance(40_000); // connected until now: lastSeen is the answer's time
    assert.ok(t.app.bayeux.hub.get(clientId), 'not expired: its connect was answered 40 s ago');
    await clock.advance(1000);
    assert.equal(t.app.bayeux.hub.get(clientId), undefined, 'expired once it stopped connecting');
  });
});
