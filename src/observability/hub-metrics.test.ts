/** What the hub tells /metrics: notifications queued per session, those lost, sessions by transport. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sample } from '../../test/support/prometheus.js';
import { alice, bob, protocolFixture } from '../bayeux/test-support/fixture.js';
import { Metrics } from './metrics.js';

test('delivered counts one per session; an overflow counts what the ended session lost', async () => {
  const fixture = protocolFixture({ maxQueue: 3 });
  const metrics = new Metrics({ processMetrics: false });
  metrics.watchHub(fixture.hub);
  await fixture.session(alice, ['/**']);
  await fixture.session(alice, ['/v2/me/chats']);
  await fixture.session(bob, ['/**']);
  fixture.publish([alice.userId, bob.userId], '/v2/me/chats', { n: 1 });
  let text = await metrics.text();
  assert.equal(sample(text, 'parley_notifications_delivered_total'), 3);
  assert.equal(sample(text, 'parley_bayeux_sessions', { transport: 'long-polling' }), 3);
  assert.equal(sample(text, 'parley_bayeux_sessions', { transport: 'websocket' }), 0);

  // Bob reads nothing: his fourth notification overflows his queue of 3 and ends his session.
  for (let n = 2; n <= 4; n++) fixture.publish([bob.userId], '/v2/me/chats', { n });
  text = await metrics.text();
  assert.equal(
    sample(text, 'parley_notifications_delivered_total'),
    5,
    'counted once, at the scrape it was folded in',
  );
  assert.equal(sample(text, 'parley_notifications_dropped_total', { reason: 'overflow' }), 4);
  assert.equal(sample(text, 'parley_bayeux_sessions', { transport: 'long-polling' }), 2);
  fixture.close();
  text = await metrics.text();
  assert.equal(
    sample(text, 'parley_notifications_dropped_total', { reason: 'shutdown' }),
    2,
    'alice’s queued ones',
  );
});
