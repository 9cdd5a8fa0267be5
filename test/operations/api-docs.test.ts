/**
 * The API reference at /api/v2/docs (@fastify/swagger-ui): public, the same OpenAPI document as
 * /api/v2/openapi.json, and every asset served by Parley itself — no CDN, no validator badge.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../support/app.js';

test('GET /api/v2/docs serves the UI and its assets, without credentials or any other host', async () => {
  const t = await startTestApp();
  try {
    const get = (url: string) => t.app.server.inject({ method: 'GET', url });
    for (const url of ['/api/v2/docs', '/api/v2/docs/']) {
      const page = await get(url);
      assert.equal(page.statusCode, 200, url);
      assert.match(String(page.headers['content-type']), /text\/html/);
      assert.match(page.body, /swagger-ui-bundle\.js/);
      assert.doesNotMatch(page.body, /(src|href)="https?:\/\//, 'no asset from another host');
      assert.match(String(page.headers['content-security-policy']), /default-src 'self'/);
    }
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-initializer.js']) {
      const response = await get(`/api/v2/docs/static/${asset}`);
      assert.equal(response.statusCode, 200, asset);
      assert.ok(response.body.length > 0);
    }
    // A missing asset is a 404 in the envelope (the fuzz found a 405 with Allow: GET).
    const missing = await get('/api/v2/docs/static/no-such-asset.js');
    assert.equal(missing.statusCode, 404);
    assert.equal((missing.json() as { statusCode: number }).statusCode, 6);
    assert.equal(missing.headers.allow, undefined);
    const initializer = (await get('/api/v2/docs/static/swagger-initializer.js')).body;
    assert.match(initializer, /validatorUrl: null/);
    const served = await get('/api/v2/docs/json');
    const document = await get('/api/v2/openapi.json');
    assert.equal(served.statusCode, 200);
    assert.deepEqual(served.json(), document.json(), 'the same OpenAPI document');
    assert.ok(Object.keys((served.json() as { paths: object }).paths).includes('/api/v2/me'));
  } finally {
    await t.close();
  }
});
