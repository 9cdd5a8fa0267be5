/**
 * `GET /api/v2/me?subresources=…` (spec §1.1, §1.2): `*` adds every sub-resource Parley serves,
 * a comma-separated list adds exactly those named, and a name Parley does not serve is
 * statusCode 10 naming it (it used to be silently ignored).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { basic, createUser, failure, json, startTestApp } from '../support/app.js';
import { readyAgent, requestChat } from '../support/chat-helpers.js';

const USER_FIELDS = ['id', 'userName', 'firstName', 'lastName', 'roles', 'enabled', 'uri', 'path'];

describe('GET /api/v2/me?subresources', () => {
  let t: TestApp;
  let agent: { authorization: string };
  before(async () => {
    t = await startTestApp();
    agent = (await readyAgent(t, 'sub.agent')).headers;
    await requestChat(t); // offered to the only Ready agent: one chat in `chats` once routed
    for (let i = 0; i < 200 && (await offered()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(await offered(), 1, 'the chat was offered to the agent');
  });
  after(() => t.close());
  const me = async (query: string, headers: object = agent) =>
    t.app.server.inject({
      method: 'GET',
      url: `/api/v2/me${query}`,
      headers: headers as Record<string, string>,
    });
  const offered = async () => ((await userOf('?subresources=*')).chats as unknown[]).length;
  const userOf = async (query: string) => {
    const body = json(await me(query));
    assert.equal(body.statusCode, 0, JSON.stringify(body));
    return body.user as Record<string, unknown>;
  };

  test('without subresources: the user alone', async () => {
    assert.deepEqual(Object.keys(await userOf('')).sort(), [...USER_FIELDS].sort());
    assert.deepEqual(Object.keys(await userOf('?subresources=')).sort(), [...USER_FIELDS].sort());
  });

  test('`*` adds every sub-resource', async () => {
    const user = await userOf('?subresources=*');
    assert.deepEqual(
      Object.keys(user).sort(),
      [...USER_FIELDS, 'features', 'devices', 'settings', 'channels', 'chats'].sort(),
    );
    assert.equal((user.channels as { channel: string }[])[0]?.channel, 'chat');
  });

  test('a list adds exactly the named ones, spaces and repeats aside', async () => {
    const channels = await userOf('?subresources=channels');
    assert.deepEqual(Object.keys(channels).sort(), [...USER_FIELDS, 'channels'].sort());
    const chats = await userOf('?subresources=chats');
    assert.deepEqual(Object.keys(chats).sort(), [...USER_FIELDS, 'chats'].sort());
    assert.equal((chats.chats as unknown[]).length, 1);
    const both = await userOf('?subresources=chats,%20channels,chats,');
    assert.deepEqual(Object.keys(both).sort(), [...USER_FIELDS, 'channels', 'chats'].sort());
    assert.deepEqual(
      Object.keys(await userOf('?subresources=channels,*')).sort(),
      Object.keys(await userOf('?subresources=*')).sort(),
    );
  });

  test('what a GWS desktop asks for: features, devices (none: chat only), channels, settings', async () => {
    const user = await userOf('?subresources=features,devices,channels,settings');
    assert.deepEqual(
      Object.keys(user).sort(),
      [...USER_FIELDS, 'features', 'devices', 'channels', 'settings'].sort(),
    );
    assert.ok((user.features as string[]).includes('api-multimedia'));
    assert.deepEqual(user.devices, []);
    assert.equal((user.settings as { chatCapacity: number }).chatCapacity, 3);
  });

  test('a name Parley does not serve is statusCode 10 naming it and what is known', async () => {
    const f = failure(await me('?subresources=calls,channels,skills'));
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [
        400,
        10,
        'Unknown subresources: calls, skills (known: features, devices, settings, channels, chats, or *)',
      ],
    );
  });

  test('unauthenticated is still statusCode 20, before the query is looked at', async () => {
    const f = failure(await me('?subresources=nonsense', {}));
    assert.deepEqual([f.http, f.statusCode], [401, 20]);
    await createUser(t, 'sub.other', ['ROLE_AGENT'], 'other-password');
    const other = await me('?subresources=chats', { authorization: basic('sub.other', 'other-password') });
    assert.deepEqual((json(other).user as Record<string, unknown>).chats, []);
  });
});
