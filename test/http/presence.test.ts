/** Agent presence (spec §1.4, §5.2): contact-center session, Ready/NotReady, and its notifications. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Notification } from '../../src/notifications/bus.js';
import type { TestApp } from '../support/app.js';
import { decoded } from '../support/chat-helpers.js';
import { adminAuth, basic, createUser, failure, json, startTestApp } from '../support/app.js';

const READY = {
  channel: 'chat',
  userState: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
};
const NOT_READY = {
  channel: 'chat',
  userState: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
};

describe('presence', () => {
  let t: TestApp;
  let agentId: string;
  let agent: { authorization: string };
  let published: Notification[] = [];
  before(async () => {
    t = await startTestApp();
    agentId = await createUser(t, 'present.agent', ['ROLE_AGENT'], 'agent-password');
    await createUser(t, 'only.supervisor', ['ROLE_SUPERVISOR'], 'super-password');
    agent = { authorization: basic('present.agent', 'agent-password') };
    // The agent's own channel notifications; what the board is told: test/http/board.test.ts.
    t.bus.subscribe((d) => d.channel !== '/parley/v1/board' && published.push(decoded(d)));
  });
  beforeEach(() => (published = []));
  after(() => t.close());
  const post = (url: string, payload: object, headers: object = agent) =>
    t.app.server.inject({ method: 'POST', url, headers: headers as Record<string, string>, payload });
  const channels = async () =>
    (
      json(await t.app.server.inject({ method: 'GET', url: '/api/v2/me?subresources=*', headers: agent }))
        .user as {
        channels: unknown[];
      }
    ).channels;

  test('before any session: no channels, and Ready is refused (2)', async () => {
    assert.deepEqual(await channels(), []);
    const f = failure(await post('/api/v2/me/channels/chat', { operationName: 'Ready' }));
    assert.deepEqual([f.http, f.statusCode], [400, 2]);
    assert.deepEqual(published, []);
  });

  test('StartContactCenterSession logs in on chat, Not Ready, and tells every session of the agent', async () => {
    assert.deepEqual(
      json(await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] })),
      {
        statusCode: 0,
      },
    );
    assert.deepEqual(await channels(), [NOT_READY]);
    assert.deepEqual(published, [
      {
        userIds: [agentId],
        channel: '/v2/me/channels',
        data: { messageType: 'ChannelStateChangeMessageV2', channels: [NOT_READY] },
      },
    ]);
  });

  test('Ready and NotReady, on the channel and on /me; a repeat changes nothing and says nothing', async () => {
    assert.equal(json(await post('/api/v2/me/channels/chat', { operationName: 'Ready' })).statusCode, 0);
    assert.deepEqual(await channels(), [READY]);
    assert.equal(json(await post('/api/v2/me', { operationName: 'Ready' })).statusCode, 0);
    assert.equal(json(await post('/api/v2/me', { operationName: 'NotReady' })).statusCode, 0);
    assert.deepEqual(await channels(), [NOT_READY]);
    assert.deepEqual(
      published.map((n) => (n.data as { channels: (typeof READY)[] }).channels[0]?.userState.state),
      ['Ready', 'NotReady'],
    );
  });

  test('unsupported channels: partial success (7) keeps chat; none supported is 10', async () => {
    const partial = failure(
      await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice', 'chat'] }),
    );
    assert.deepEqual([partial.http, partial.statusCode], [200, 7]);
    assert.match(partial.statusMessage, /not on voice/);
    assert.deepEqual(await channels(), [NOT_READY], 'chat stays logged in');
    const none = failure(
      await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['voice'] }),
    );
    assert.deepEqual([none.http, none.statusCode], [400, 10]);
    assert.equal(failure(await post('/api/v2/me/channels/voice', { operationName: 'Ready' })).statusCode, 6);
  });

  test('bad bodies: missing channels (1), unknown operation (10)', async () => {
    assert.equal(
      failure(await post('/api/v2/me', { operationName: 'StartContactCenterSession' })).statusCode,
      1,
    );
    assert.equal(failure(await post('/api/v2/me', { operationName: 'Dance' })).statusCode, 10);
    assert.equal(
      failure(await post('/api/v2/me/channels/chat', { operationName: 'StartContactCenterSession' }))
        .statusCode,
      10,
    );
  });

  test('EndContactCenterSession logs out and announces LoggedOut', async () => {
    assert.equal(json(await post('/api/v2/me', { operationName: 'EndContactCenterSession' })).statusCode, 0);
    assert.deepEqual(await channels(), []);
    const data = published[0]?.data as { channels: { userState: { state: string } }[] };
    assert.equal(data.channels[0]?.userState.state, 'LoggedOut');
  });

  test('EndContactCenterSession also ends the HTTP session (GWS: "invalidates the client HTTP session")', async () => {
    const login = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: agent });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    assert.match(cookie, /^JSESSIONID=./);
    const session = { cookie };
    assert.equal(
      (await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: session })).statusCode,
      200,
    );
    const ended = await post(
      '/api/v2/me',
      { operationName: 'StartContactCenterSession', channels: ['chat'] },
      session,
    );
    assert.equal(json(ended).statusCode, 0);
    const end = await post('/api/v2/me', { operationName: 'EndContactCenterSession' }, session);
    assert.equal(json(end).statusCode, 0);
    assert.match(String(end.headers['set-cookie']), /^JSESSIONID=;.*Max-Age=0/i);
    const after = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: session });
    assert.equal(after.statusCode, 401, 'the cookie works no more');
    // Basic credentials open a new session, as after Logout.
    assert.equal(
      (await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: agent })).statusCode,
      200,
    );
  });

  test('without ROLE_AGENT → 5; without api-multimedia → 5', async () => {
    const supervisor = { authorization: basic('only.supervisor', 'super-password') };
    assert.equal(failure(await post('/api/v2/me', { operationName: 'Ready' }, supervisor)).statusCode, 5);
    await post(
      '/parley/v1/contact-center',
      { operationName: 'DisableFeatures', features: ['api-multimedia'] },
      adminAuth,
    );
    const f = failure(
      await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] }),
    );
    assert.deepEqual([f.http, f.statusCode], [403, 5]);
    assert.match(f.statusMessage, /api-multimedia/);
    await post(
      '/parley/v1/contact-center',
      { operationName: 'EnableFeatures', features: ['api-multimedia'] },
      adminAuth,
    );
    assert.equal(
      json(await post('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] }))
        .statusCode,
      0,
    );
  });
});
