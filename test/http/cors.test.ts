/** CORS for cross-origin customer widgets (PARLEY_CORS_ORIGINS). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { json, startTestApp } from '../support/app.js';

describe('CORS', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp({ env: { PARLEY_CORS_ORIGINS: 'https://shop.example.com' } })));
  after(() => t.close());

  test('a preflight from an allowed origin is answered, ContactCenterId allowed', async () => {
    const response = await t.app.server.inject({
      method: 'OPTIONS',
      url: '/api/v2/chats',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,contactcenterid',
      },
    });
    assert.equal(response.statusCode, 204);
    assert.equal(response.headers['access-control-allow-origin'], 'https://shop.example.com');
    assert.match(String(response.headers['access-control-allow-headers']), /ContactCenterId/);
    assert.match(String(response.headers['access-control-allow-methods']), /POST/);
  });

  test('actual requests from an allowed origin carry the CORS headers and expose the CSRF headers', async () => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: '/api/v2/chats',
      headers: { origin: 'https://shop.example.com', contactcenterid: t.contactCenterId },
      payload: { operationName: 'RequestChat', nickname: 'Web' },
    });
    assert.equal(json(response).statusCode, 0);
    assert.equal(response.headers['access-control-allow-origin'], 'https://shop.example.com');
    assert.equal(response.headers['access-control-expose-headers'], 'X-CSRF-HEADER, X-CSRF-TOKEN');
    assert.equal(response.headers.vary, 'Origin');
  });

  test('another origin gets no CORS headers, on preflights and requests', async () => {
    const preflight = await t.app.server.inject({
      method: 'OPTIONS',
      url: '/api/v2/chats',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.equal(preflight.headers['access-control-allow-headers'], undefined);
    const request = await t.app.server.inject({
      method: 'GET',
      url: '/health/live',
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(request.headers['access-control-allow-origin'], undefined);
  });

  test('unknown paths are still 404 (the preflight route does not make every path known)', async () => {
    const response = await t.app.server.inject({ method: 'GET', url: '/nope' });
    assert.equal(response.statusCode, 404);
  });
});
