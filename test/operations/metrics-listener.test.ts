/**
 * PARLEY_METRICS_PORT: the real process serves GET /metrics on a listener of its own, never on
 * the API port; the text holds Parley's series, the store gauges and prom-client's process
 * metrics (event-loop delay among them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startMain } from '../support/main-process.js';
import { sample } from '../support/prometheus.js';

test('GET /metrics on its own port; not on the API port', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-metrics-'));
  const server = await startMain({
    env: { DATABASE_URL: `sqlite:${join(dir, 'p.db')}`, PARLEY_METRICS_PORT: '0', LOG_LEVEL: 'warn' },
  });
  try {
    const metricsUrl = server.metricsUrl ?? '';
    assert.notEqual(new URL(metricsUrl).port, new URL(server.url).port);
    assert.equal(new URL(metricsUrl).hostname, '127.0.0.1', 'private by default');
    assert.equal((await fetch(`${server.url}/health/ready`)).status, 200);
    const onApi = await fetch(`${server.url}/metrics`);
    assert.equal(onApi.status, 404, 'the API port does not serve metrics');
    await onApi.arrayBuffer();

    const response = await fetch(metricsUrl);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.equal(
      sample(text, 'parley_http_requests_total', { method: 'GET', route: '/health/ready', status: '200' }),
      1,
    );
    assert.equal(sample(text, 'parley_chats', { state: 'Active' }), 0);
    assert.equal(sample(text, 'parley_bayeux_sessions', { transport: 'websocket' }), 0);
    assert.ok((sample(text, 'nodejs_eventloop_lag_seconds') ?? -1) >= 0, 'event-loop delay');
    assert.ok(sample(text, 'process_resident_memory_bytes') !== undefined);
    assert.equal((await fetch(metricsUrl.replace('/metrics', '/other'))).status, 404);
    server.signal('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    server.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
