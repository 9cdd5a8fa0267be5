/**
 * Restart mid-chat: the transcript, the chat and party states and the agent's presence survive a
 * restart of the real process, and a reconnecting client rebuilds everything from the GETs.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REDIS_URL, redisBusSkip } from '../support/buses.js';
import type { TestDatabase } from '../support/databases.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from '../support/databases.js';
import { clusterEnv } from '../support/e2e-stack.js';
import { firstSkip } from '../support/skips.js';
import { basicHeader, startServer } from '../support/server-process.js';

type Json = Record<string, unknown>;

/** One node on SQLite, and one node on PostgreSQL with the Redis bus (as each node of a cluster). */
const STACKS: [string, () => Promise<{ skip?: string }>, () => TestDatabase][] = [
  ['sqlite', async () => ({}), sqliteDatabase],
  ['postgres + redis', () => firstSkip(postgresSkip, redisBusSkip), postgresDatabase],
];

for (const [name, skipOf, makeDatabase] of STACKS) {
  describe(`restart (${name})`, async () => {
    const skip = await skipOf();
    test('restart mid-chat keeps transcript and states', { ...skip, timeout: 60_000 }, () =>
      restartMidChat(makeDatabase()),
    );
  });
}

async function restartMidChat(database: TestDatabase): Promise<void> {
  if (database.name === 'postgres') await (await database.open()).close(); // creates the schema
  const env =
    database.name === 'postgres'
      ? clusterEnv(database, REDIS_URL)
      : { DATABASE_URL: database.databaseUrl, PARLEY_ADMIN: 'admin:admin-password' };
  let server = await startServer(env);
  const call = async (method: string, path: string, headers: Json, body?: object) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(headers as Record<string, string>),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as Json;
  };
  try {
    const admin = { authorization: basicHeader('admin', 'admin-password') };
    const agent = { authorization: basicHeader('ann', 'ann-password') };
    const ccId = ((await call('GET', '/api/v2/me', admin)).user as Json).contactCenterId as string;
    const customer = { contactcenterid: ccId };
    await call('POST', '/api/v2/users', admin, {
      userName: 'ann',
      password: 'ann-password',
      roles: ['ROLE_AGENT'],
    });
    await call('POST', '/api/v2/me', agent, {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    await call('POST', '/api/v2/me/channels/chat', agent, { operationName: 'Ready' });
    const token = (
      await call('POST', '/api/v2/chats', customer, { operationName: 'RequestChat', nickname: 'Chris' })
    ).id as string;
    let uris: string[] = [];
    for (let i = 0; i < 100 && uris.length === 0; i++) {
      uris = (await call('GET', '/api/v2/me/chats', agent)).uris as string[];
      if (uris.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const chatId = uris[0]?.split('/').at(-1) ?? '';
    assert.equal(
      (await call('POST', `/api/v2/me/chats/${chatId}`, agent, { operationName: 'Accept', nickname: 'Ann' }))
        .statusCode,
      0,
    );
    await call('POST', `/api/v2/chats/${token}`, customer, {
      operationName: 'SendMessage',
      text: 'before restart',
    });
    await call('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'SendMessage',
      text: 'answer before restart',
    });

    assert.equal(await server.stop(), 0);
    server = await startServer(env);

    const me = (await call('GET', '/api/v2/me?subresources=*', agent)).user as Json;
    assert.deepEqual(
      (me.channels as Json[]).map((c) => (c.userState as Json).state),
      ['Ready'],
    );
    const chats = me.chats as Json[];
    assert.equal(chats.length, 1);
    assert.equal(chats[0]?.state, 'Chatting');
    assert.equal(chats[0]?.uri, `${server.url}/api/v2/chats/${chatId}`);
    assert.deepEqual(
      (chats[0]?.participants as Json[]).map((p) => p.nickname),
      ['Chris', 'Ann'],
    );
    const transcript = (await call('GET', `/api/v2/me/chats/${chatId}/messages`, agent)).messages as Json[];
    assert.deepEqual(
      transcript.map((m) => [m.index, m.type, m.text ?? null]),
      [
        [1, 'ParticipantJoined', null],
        [2, 'ParticipantJoined', null],
        [3, 'Text', 'before restart'],
        [4, 'Text', 'answer before restart'],
      ],
    );
    assert.equal(((await call('GET', `/api/v2/chats/${token}`, customer)).chat as Json).state, 'Chatting');
    assert.equal(
      (
        await call('POST', `/api/v2/chats/${token}`, customer, {
          operationName: 'SendMessage',
          text: 'after restart',
        })
      ).statusCode,
      0,
    );
    const unread = (await call('GET', `/api/v2/chats/${token}/messages`, customer)).messages as Json[];
    assert.deepEqual(
      unread.map((m) => m.text ?? m.type),
      ['ParticipantJoined', 'ParticipantJoined', 'before restart', 'answer before restart', 'after restart'],
    );
  } finally {
    await server.stop();
    await database.drop();
  }
}
