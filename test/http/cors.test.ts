/** CORS for cross-origin customer widgets (PARLEY_CORS_ORIGINS, PARLEY_CORS_HEADERS; spec §1.4). */
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
    assert.equal(
      response.headers['access-control-expose-headers'],
      'X-CSRF-HEADER, X-CSRF-TOKEN, Retry-After',
    );
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

describe('CORS request headers (PARLEY_CORS_HEADERS)', () => {
  const preflight = (t: TestApp) =>
    t.app.server.inject({
      method: 'OPTIONS',
      url: '/api/v2/chats/',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'apikey,contactcenterid',
      },
    });
  const allowedHeaders = (value: unknown) => String(value).split(', ');

  test('without the setting the preflight lists only the fixed GWS headers (spec §1.4)', async () => {
    const t = await startTestApp({ env: { PARLEY_CORS_ORIGINS: 'https://shop.example.com' } });
    try {
      const listed = allowedHeaders((await preflight(t)).headers['access-control-allow-headers']);
      assert.deepEqual(listed, [
        'X-Requested-With',
        'Content-Type',
        'Accept',
        'Origin',
        'Cookie',
        'Authorization',
        'ssid',
        'surl',
        'ContactCenterId',
        'X-CSRF-TOKEN',
      ]);
      assert.equal(
        listed.some((h) => h.toLowerCase() === 'apikey'),
        false,
      );
    } finally {
      await t.close();
    }
  });

  test('configured headers are added once each, after the fixed ones', async () => {
    const t = await startTestApp({
      env: {
        PARLEY_CORS_ORIGINS: 'https://shop.example.com',
        PARLEY_CORS_HEADERS: 'apikey, X-Widget-Version, APIKEY, contactcenterid',
      },
    });
    try {
      const response = await preflight(t);
      assert.equal(response.statusCode, 204);
      assert.equal(response.headers['access-control-allow-origin'], 'https://shop.example.com');
      const listed = allowedHeaders(response.headers['access-control-allow-headers']);
      assert.deepEqual(listed.slice(-3), ['X-CSRF-TOKEN', 'apikey', 'X-Widget-Version']);
      assert.equal(listed.length, 12);
      const other = await t.app.server.inject({
        method: 'OPTIONS',
        url: '/api/v2/chats',
        headers: { origin: 'https://evil.example', 'access-control-request-headers': 'apikey' },
      });
      assert.equal(other.headers['access-control-allow-headers'], undefined);
    } finally {
      await t.close();
    }
  });
});

describe('CORS with `*` (PARLEY_CORS_ORIGINS)', () => {
  test('any other origin gets anonymous CORS only; a named origin keeps its credentials', async () => {
    const t = await startTestApp({ env: { PARLEY_CORS_ORIGINS: '*, https://shop.example.com' } });
    try {
      const get = (origin: string) =>
        t.app.server.inject({ method: 'GET', url: '/health/live', headers: { origin } });
      const other = await get('https://elsewhere.example');
      assert.equal(other.headers['access-control-allow-origin'], '*');
      assert.equal(other.headers['access-control-allow-credentials'], undefined);
      assert.equal(
        other.headers['access-control-expose-headers'],
        'X-CSRF-HEADER, X-CSRF-TOKEN, Retry-After',
      );
      const named = await get('https://shop.example.com');
      assert.equal(named.headers['access-control-allow-origin'], 'https://shop.example.com');
      assert.equal(named.headers['access-control-allow-credentials'], 'true');
      assert.equal(named.headers.vary, 'Origin');
    } finally {
      await t.close();
    }
  });
});

describe('CORS preflights and the REST guard', () => {
  test('a refused preflight is not asked for credentials; an OPTIONS without a method is a preflight', async () => {
    const t = await startTestApp({ env: { PARLEY_CORS_ORIGINS: 'https://shop.example.com' } });
    try {
      const refused = await t.app.server.inject({
        method: 'OPTIONS',
        url: '/api/v2/me',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.notEqual(refused.statusCode, 401);
      assert.equal(refused.headers['www-authenticate'], undefined);
      assert.equal(refused.headers['access-control-allow-origin'], undefined);
      const bare = await t.app.server.inject({
        method: 'OPTIONS',
        url: '/api/v2/me',
        headers: { origin: 'https://shop.example.com' },
      });
      assert.equal(bare.statusCode, 204);
      assert.equal(bare.headers['access-control-allow-origin'], 'https://shop.example.com');
    } finally {
      await t.close();
    }
  });
});
