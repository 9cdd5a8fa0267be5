/**
 * The metrics the app counts (observability/metrics.ts), read as Prometheus would read them, on
 * both stores: requests by route pattern and status (never by URL), chats by state and the queue
 * gauges read from the store at scrape time, offers and their outcomes (accepted, rejected, timed
 * out), sessions by transport, and the engine's conflicts and retries.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { bootstrap } from '../../src/accounts/bootstrap.js';
import { ChatEngine } from '../../src/chats/engine.js';
import type { Party } from '../../src/chats/model.js';
import type { OutcomeBuilder } from '../../src/chats/outcome.js';
import { loadConfig } from '../../src/config.js';
import { Announcer } from '../../src/notifications/announcer.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { Metrics } from '../../src/observability/metrics.js';
import { cc, newChat, newParty } from '../../src/store/contract/fixtures.js';
import type { OpenedStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { TestApp } from '../support/app.js';
import { ADMIN, adminAuth } from '../support/app.js';
import { Recorder, invitations, operate, readyAgent, requestChat, waitFor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';
import { sample } from '../support/prometheus.js';

describeEachStore('metrics', ({ skip, makeDatabase }) => {
  test('requests, chats by state, queues, offers and their outcomes, sessions', skip, async () => {
    const database = makeDatabase();
    const store = (await database.open()) as OpenedStore;
    const config = loadConfig({ PORT: '0', DATABASE_URL: database.databaseUrl });
    const created = await bootstrap({ store, contactCenterId: undefined, admin: ADMIN });
    assert.ok(created);
    const bus = new InProcessBus();
    const metrics = new Metrics({ gauges: store.gauges, processMetrics: false });
    const app = await buildApp({ config, store, bus, logger: false, metrics });
    await app.server.ready();
    const t: TestApp = {
      app,
      store,
      config,
      bus,
      contactCenterId: created.contactCenterId,
      close: async () => {},
    };
    const cc = created.contactCenterId;
    try {
      const recorder = new Recorder(t);
      const token = await requestChat(t, 'Chris');
      const [queued] = await store.chats.listByPhase(cc, 'Queued', 10);
      assert.ok(queued);
      const queue = { contact_center: cc, queue: queued.queue };
      let text = await metrics.text();
      assert.equal(sample(text, 'parley_chats', { state: 'Queued' }), 1);
      assert.equal(sample(text, 'parley_chats', { state: 'Active' }), 0);
      assert.equal(sample(text, 'parley_queue_waiting_chats', queue), 1);
      const oldest = sample(text, 'parley_queue_oldest_wait_seconds', queue) ?? -1;
      assert.ok(oldest >= 0 && oldest < 60, `oldest wait ${oldest}`);

      // Offered to Ann, who rejects; offered again (to Ann or Bob), and accepted.
      const ann = await readyAgent(t, 'ann');
      await waitFor(() => invitations(recorder, ann.id).length === 1, 5000, 'the offer to Ann');
      const chatId = invitations(recorder, ann.id)[0] ?? '';
      assert.equal(sample(await metrics.text(), 'parley_chats', { state: 'Offered' }), 1);
      assert.equal((await operate(t, ann, chatId, { operationName: 'Reject' })).statusCode, 0);
      const bob = await readyAgent(t, 'bob');
      const offers = () =>
        [ann, bob].flatMap((a) => invitations(recorder, a.id).map((id) => ({ agent: a, id })));
      await waitFor(() => offers().length === 2, 5000, 'the second offer');
      const taker =
        offers()
          .filter((o) => o.id === chatId)
          .at(-1)?.agent ?? bob;
      assert.equal(
        (await operate(t, taker, chatId, { operationName: 'Accept', nickname: 'Taker' })).statusCode,
        0,
      );
      // A second chat, offered and never answered: the sweep withdraws it once it expired, and
      // offers it again.
      await requestChat(t, 'Dana');
      await waitFor(() => offers().length === 3, 5000, 'a third offer');
      await app.router.sweep(Date.now() + 60_000); // past the 30 s invitation, before the customer timeouts

      const me = await app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth });
      assert.equal(me.statusCode, 200);
      assert.equal((await app.server.inject({ method: 'GET', url: '/no/such/path' })).statusCode, 404);
      await app.server.inject({
        method: 'POST',
        url: '/api/v2/notifications',
        headers: { ...adminAuth, 'content-type': 'application/json' },
        payload: [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
      });

      text = await metrics.text();
      assert.equal(sample(text, 'parley_offers_total', { via: 'Routing' }), 4);
      assert.equal(sample(text, 'parley_offer_outcomes_total', { outcome: 'rejected', via: 'Routing' }), 1);
      assert.equal(sample(text, 'parley_offer_outcomes_total', { outcome: 'accepted', via: 'Routing' }), 1);
      assert.equal(sample(text, 'parley_offer_outcomes_total', { outcome: 'timed_out', via: 'Routing' }), 1);
      assert.equal(sample(text, 'parley_chats', { state: 'Active' }), 1);
      assert.equal(
        sample(text, 'parley_chats', { state: 'Offered' }),
        1,
        'the withdrawn chat, offered again',
      );
      assert.equal(sample(text, 'parley_queue_waiting_chats', queue), 1);
      assert.equal(
        sample(text, 'parley_http_requests_total', { method: 'POST', route: '/api/v2/chats', status: '200' }),
        2,
      );
      assert.equal(
        sample(text, 'parley_http_requests_total', { method: 'GET', route: '/api/v2/me', status: '200' }),
        1,
      );
      assert.equal(
        sample(text, 'parley_http_requests_total', { method: 'GET', route: '(unmatched)', status: '404' }),
        1,
      );
      assert.ok(
        (sample(text, 'parley_http_request_duration_seconds_count', { method: 'GET', route: '/api/v2/me' }) ??
          0) >= 1,
      );
      assert.equal(sample(text, 'parley_bayeux_sessions', { transport: 'long-polling' }), 1);
      assert.ok((sample(text, 'parley_notifications_delivered_total') ?? -1) >= 0);
      // Route patterns only: no chat id, no customer token, no unknown path becomes a series.
      for (const secret of [token, chatId, '/no/such/path']) assert.ok(!text.includes(secret), secret);
    } finally {
      await app.server.close();
      await bus.close();
      await store.close();
      await database.drop();
    }
  });

  test('a command that lost to another node counts a version conflict and a retry', skip, async () => {
    const database = makeDatabase();
    const nodeA = await database.open();
    const nodeB = await database.open();
    const metrics = new Metrics({ processMetrics: false });
    try {
      const CHAT = '0000METRICS00001';
      await nodeA.contactCenters.create(cc('cc-1'));
      await nodeA.chats.insert({ ...newChat(CHAT), phase: 'Active' }, 'token-metrics');
      await nodeA.parties.put(newParty(CHAT, 'agent-1', 'agent', 'user-1', 'Chatting', 1));
      const engineOn = (store: Store, nodeId: string, withMetrics: boolean) =>
        new ChatEngine({
          store,
          announcer: new Announcer({
            store,
            bus: new InProcessBus(),
            logger: { warn() {}, error() {} },
            nodeId,
          }),
          links: () => (path) => `http://parley.test/api/v2${path}`,
          ...(withMetrics ? { metrics: metrics.chats } : {}),
        });
      const say = (text: string) => (b: OutcomeBuilder) => {
        const m = b.addMessage(b.party('agent-1') as Party, 'Text', 'All', { text });
        b.emit({ type: 'MessagesAdded', messages: [m] });
        return b.build();
      };
      const engineA = engineOn(nodeA, 'a', true);
      const engineB = engineOn(nodeB, 'b', false);
      await engineA.run(CHAT, say('one')); // A caches the chat
      await engineB.run(CHAT, say('two')); // B moves it on
      await engineA.run(CHAT, say('three')); // A's guess fails its version check, and is retried
      const text = await metrics.text();
      assert.equal(sample(text, 'parley_store_conflicts_total', { kind: 'version' }), 1);
      assert.equal(sample(text, 'parley_store_retries_total'), 1);
      assert.equal(sample(text, 'parley_store_contended_total'), 0);
    } finally {
      await nodeA.close();
      await nodeB.close();
      await database.drop();
    }
  });
});
