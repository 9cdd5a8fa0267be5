/**
 * Positions in query strings beyond anything stored (store/sql/bounds.ts): a transcript
 * `startIndex`, a customer's `index`, an audit `afterId` — however far — answer nothing after
 * them, never a 500. The fuzz (R3) found `afterId=1e+308` and `startIndex=2^53` answered 500 on
 * PostgreSQL, whose `integer` refused them; the customer's `index` was already clamped.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { json, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { acceptedChat, readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('positions in query strings', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let ann: Agent;
  let sam: Agent;
  let chatId: string;
  let token: string;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    ann = await readyAgent(t, 'ann');
    sam = await supervisor(t, 'sam');
    ({ chatId, token } = await acceptedChat(t, new Recorder(t), ann));
  });
  after(() => t?.close());

  const get = (url: string, headers: Record<string, string>) =>
    t.app.server.inject({ method: 'GET', url, headers });
  const customer = () => ({ contactcenterid: t.contactCenterId });

  test('however far beyond the end: statusCode 0 and nothing after it', skip, async () => {
    for (const far of ['2147483647', '2147483648', '9007199254740992', '1e%2B308']) {
      const transcript = json(
        await get(`/api/v2/me/chats/${chatId}/messages?startIndex=${far}`, ann.headers),
      );
      assert.deepEqual([transcript.statusCode, transcript.messages], [0, []], `startIndex=${far}`);
      const audit = json(await get(`/parley/v1/supervision/audit?afterId=${far}`, sam.headers));
      assert.deepEqual([audit.statusCode, audit.entries], [0, []], `afterId=${far}`);
      const polled = json(await get(`/api/v2/chats/${token}/messages?index=${far}`, customer()));
      assert.deepEqual([polled.statusCode, polled.messages], [0, []], `index=${far}`);
    }
  });

  test('in range they still count: the transcript from 1, the audit from 0', skip, async () => {
    const transcript = json(await get(`/api/v2/me/chats/${chatId}/messages?startIndex=1`, ann.headers));
    assert.ok((transcript.messages as unknown[]).length > 0);
    const audit = json(await get('/parley/v1/supervision/audit?afterId=0', sam.headers));
    assert.equal(audit.statusCode, 0);
  });
});
