/**
 * Which contact center a customer request names (spec §6.1): the `ContactCenterId` header, else
 * PARLEY_DEFAULT_CONTACT_CENTER when it is set, else statusCode 1 as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { failure, json, startTestApp } from '../support/app.js';

const CONTACT_CENTER = 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498';
const OTHER = '00000000-0000-4000-8000-000000000000';
const requestChat = { operationName: 'RequestChat', nickname: 'Chris' };

describe('customer contact center: header, then the configured default', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({
      env: {
        PARLEY_CONTACT_CENTER_ID: CONTACT_CENTER,
        PARLEY_DEFAULT_CONTACT_CENTER: CONTACT_CENTER.toUpperCase(),
      },
    });
  });
  after(() => t.close());
  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    t.app.server.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  test('without the header the default contact center takes the chat, for every customer call', async () => {
    assert.equal(t.contactCenterId, CONTACT_CENTER);
    const body = json(await inject('POST', '/api/v2/chats', {}, requestChat));
    assert.equal(body.statusCode, 0, JSON.stringify(body));
    const token = body.id as string;
    const chat = json(await inject('GET', `/api/v2/chats/${token}`, {}));
    assert.equal((chat.chat as Record<string, unknown>).state, 'WaitingForAgent');
    assert.deepEqual(
      json(await inject('POST', `/api/v2/chats/${token}`, {}, { operationName: 'SendMessage', text: 'hi' })),
      { statusCode: 0 },
    );
    const messages = json(await inject('GET', `/api/v2/chats/${token}/messages?index=0`, {}));
    assert.deepEqual(
      (messages.messages as Record<string, unknown>[]).map((m) => m.type),
      ['ParticipantJoined', 'Text'],
    );
    // The same chat through the header naming the same contact center.
    const named = json(await inject('GET', `/api/v2/chats/${token}`, { contactcenterid: CONTACT_CENTER }));
    assert.equal(named.statusCode, 0);
  });

  test('a header always wins over the default: another contact center does not see the chat', async () => {
    const token = json(await inject('POST', '/api/v2/chats', {}, requestChat)).id as string;
    const f = failure(await inject('GET', `/api/v2/chats/${token}`, { contactcenterid: OTHER }));
    assert.deepEqual([f.http, f.statusCode], [404, 6]);
    const unknown = failure(await inject('POST', '/api/v2/chats', { contactcenterid: OTHER }, requestChat));
    assert.deepEqual([unknown.statusCode, unknown.statusMessage], [6, 'Unknown contact center']);
  });
});

describe('customer contact center without a default', () => {
  test('a missing header keeps statusCode 1', async () => {
    const t = await startTestApp();
    try {
      const f = failure(
        await t.app.server.inject({ method: 'POST', url: '/api/v2/chats', payload: requestChat }),
      );
      assert.deepEqual(
        [f.http, f.statusCode, f.statusMessage],
        [400, 1, 'The ContactCenterId header is required'],
      );
    } finally {
      await t.close();
    }
  });

  test('a default naming no contact center answers statusCode 6, like such a header', async () => {
    const t = await startTestApp({ env: { PARLEY_DEFAULT_CONTACT_CENTER: OTHER } });
    try {
      const f = failure(
        await t.app.server.inject({ method: 'POST', url: '/api/v2/chats', payload: requestChat }),
      );
      assert.deepEqual([f.http, f.statusCode, f.statusMessage], [404, 6, 'Unknown contact center']);
    } finally {
      await t.close();
    }
  });
});
