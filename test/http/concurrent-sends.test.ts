/**
 * Several writers on one chat at once — the agent and the customer typing at the same moment, a
 * barged-in supervisor too — on each store: every send is answered statusCode 0, every
 * acknowledged message is in the transcript exactly once, and every reader (the agent's and the
 * customer's transcripts) sees one order. Commands on one chat are serialised on a node; before,
 * PostgreSQL answered 2–17 % of such sends with HTTP 500 (VersionConflict after the retries).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { json, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { acceptedChat, intrude, post, readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

const EACH = 150;
const WRITERS_PER_PARTY = 2;

describeEachStore('concurrent sends to one chat', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let ann: Agent;
  let sam: Agent;
  let chatId: string;
  let token: string;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    const rec = new Recorder(t);
    ann = await readyAgent(t, 'busy.agent');
    sam = await supervisor(t, 'busy.super');
    ({ chatId, token } = await acceptedChat(t, rec, ann));
    assert.equal((await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'BargeIn' })).statusCode, 0);
    assert.equal(
      (await post(t, sam, `/api/v2/me/chats/${chatId}`, { operationName: 'Accept' })).statusCode,
      0,
    );
  });
  after(() => t?.close());

  test(
    'agent, customer and supervisor, two writers each: 0 failures, each message once, one order',
    skip,
    async () => {
      const customer = { contactcenterid: t.contactCenterId };
      const senders: [string, string, Record<string, string>][] = [
        ['agent', `/api/v2/me/chats/${chatId}`, ann.headers],
        ['customer', `/api/v2/chats/${token}`, customer],
        ['super', `/api/v2/me/chats/${chatId}`, sam.headers],
      ];
      const failures: string[] = [];
      const writers = senders.flatMap(([who, url, headers]) =>
        Array.from({ length: WRITERS_PER_PARTY }, async (_, w) => {
          for (let i = 0; i < EACH; i++) {
            const text = `${who}-${w}-${i}`;
            const response = await t.app.server.inject({
              method: 'POST',
              url,
              headers,
              payload: { operationName: 'SendMessage', text },
            });
            if (json(response).statusCode !== 0)
              failures.push(`${text}: ${response.statusCode} ${response.body}`);
          }
        }),
      );
      await Promise.all(writers);
      assert.deepEqual(failures, []);

      const agentView = json(
        await t.app.server.inject({
          method: 'GET',
          url: `/api/v2/me/chats/${chatId}/messages`,
          headers: ann.headers,
        }),
      ).messages as { text?: string; index: number }[];
      const customerView = json(
        await t.app.server.inject({
          method: 'GET',
          url: `/api/v2/chats/${token}/messages?index=1`,
          headers: customer,
        }),
      ).messages as { text?: string; index: number }[];
      const texts = (view: { text?: string; type?: string }[]) =>
        view.filter((m) => /^(agent|customer|super)-\d-\d+$/.test(m.text ?? '')).map((m) => m.text);
      const sent = senders.length * WRITERS_PER_PARTY * EACH;
      assert.equal(new Set(texts(agentView)).size, sent, 'every message once in the agent’s transcript');
      assert.equal(texts(agentView).length, sent);
      assert.deepEqual(texts(customerView), texts(agentView), 'the customer reads the same order');
      const indices = agentView.map((m) => m.index);
      assert.deepEqual(
        indices,
        [...indices].sort((a, b) => a - b),
        'indices increase',
      );
      // Each writer's own messages keep the order it sent them in.
      for (const [who] of senders)
        for (let w = 0; w < WRITERS_PER_PARTY; w++) {
          const own = texts(agentView).filter((x) => x?.startsWith(`${who}-${w}-`));
          assert.deepEqual(
            own,
            Array.from({ length: EACH }, (_, i) => `${who}-${w}-${i}`),
          );
        }
    },
  );
});
