/** The wire contract (spec §1.3): every failure is exactly {statusCode, statusMessage}, never a 500. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, failure, json, startTestApp } from '../support/app.js';

describe('GWS envelope', () => {
  let t: TestApp;
  before(async () => (t = await startTestApp()));
  after(() => t.close());
  const inject: TestApp['app']['server']['inject'] = (...args: never[]) =>
    (t.app.server.inject as (...a: never[]) => never)(...args);

  test('success carries statusCode 0 and no statusMessage', async () => {
    const body = json(await inject({ method: 'GET', url: '/api/v2/diagnostics/version' }));
    assert.equal(body.statusCode, 0);
    assert.match(body.version as string, /^\d+\.\d+\.\d+/);
    assert.equal('statusMessage' in body, false);
  });

  test('unknown route → statusCode 6, HTTP 404, the path not repeated back', async () => {
    const f = failure(await inject({ method: 'GET', url: '/api/v2/nowhere', headers: adminAuth }));
    assert.deepEqual([f.http, f.statusCode, f.statusMessage], [404, 6, 'Requested resource not found']);
  });

  test('wrong method on a known path → statusCode 6, HTTP 405 with Allow', async () => {
    const response = await inject({ method: 'PATCH', url: '/api/v2/users', headers: adminAuth });
    const f = failure(response);
    assert.deepEqual([f.http, f.statusCode], [405, 6]);
    assert.equal(response.headers.allow, 'POST, GET');
  });

  test('malformed JSON → statusCode 10, HTTP 400', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: { ...adminAuth, 'content-type': 'application/json' },
        payload: '{"userName": ',
      }),
    );
    assert.deepEqual([f.http, f.statusCode, f.statusMessage], [400, 10, 'Malformed JSON in request body']);
  });

  test('empty JSON body → statusCode 1', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: { ...adminAuth, 'content-type': 'application/json' },
        payload: '',
      }),
    );
    assert.deepEqual([f.http, f.statusCode], [400, 1]);
  });

  test('wrong type → statusCode 10 naming the parameter', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: adminAuth,
        payload: { userName: 'x1', password: 12345678, roles: ['ROLE_AGENT'] },
      }),
    );
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [400, 10, "Parameter 'password' must be string"],
    );
  });

  test('a JSON array where an object is expected → statusCode 10', async () => {
    const f = failure(
      await inject({ method: 'POST', url: '/api/v2/users', headers: adminAuth, payload: [1, 2] }),
    );
    assert.deepEqual([f.http, f.statusCode], [400, 10]);
  });

  test('missing parameter → statusCode 1 naming it', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: adminAuth,
        payload: { userName: 'x2', roles: ['ROLE_AGENT'] },
      }),
    );
    assert.deepEqual(
      [f.http, f.statusCode, f.statusMessage],
      [400, 1, "Missing required parameter 'password'"],
    );
  });

  test('value out of range → statusCode 10 listing the allowed values', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: adminAuth,
        payload: { userName: 'x3', password: 'long-enough', roles: ['ROLE_KING'] },
      }),
    );
    assert.equal(f.statusCode, 10);
    assert.match(f.statusMessage, /ROLE_AGENT, ROLE_SUPERVISOR, ROLE_ADMIN/);
  });

  test('missing operationName → 1; unknown operationName → 10 listing the known ones', async () => {
    const missing = failure(
      await inject({
        method: 'POST',
        url: '/parley/v1/contact-center',
        headers: adminAuth,
        payload: { features: [] },
      }),
    );
    assert.deepEqual(
      [missing.statusCode, missing.statusMessage],
      [1, "Missing required parameter 'operationName'"],
    );
    const unknown = failure(
      await inject({
        method: 'POST',
        url: '/parley/v1/contact-center',
        headers: adminAuth,
        payload: { operationName: 'Explode' },
      }),
    );
    assert.equal(unknown.statusCode, 10);
    assert.match(
      unknown.statusMessage,
      /Unknown operationName "Explode".*EnableFeatures, DisableFeatures, UpdateSettings/,
    );
  });

  test('oversized body → statusCode 10, HTTP 413, and nothing stored', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: adminAuth,
        payload: { userName: 'huge', password: 'x'.repeat(200 * 1024), roles: ['ROLE_AGENT'] },
      }),
    );
    assert.deepEqual([f.http, f.statusCode], [413, 10]);
    assert.equal(await t.store.users.getByUserName('huge'), undefined);
  });

  test('a body that is not JSON → statusCode 10, HTTP 415', async () => {
    const f = failure(
      await inject({
        method: 'POST',
        url: '/api/v2/users',
        headers: { ...adminAuth, 'content-type': 'text/plain' },
        payload: 'userName=x',
      }),
    );
    assert.deepEqual([f.http, f.statusCode], [415, 10]);
  });

  test('an internal failure is statusCode 4 / HTTP 500 with no detail', async () => {
    const broken = await startTestApp();
    await broken.store.close(); // the store goes away under a running server
    const f = failure(
      await broken.app.server.inject({ method: 'GET', url: '/api/v2/users', headers: adminAuth }),
    );
    assert.deepEqual([f.http, f.statusCode], [500, 4]);
    assert.equal(f.statusMessage, 'Internal error');
    const ready = failure(await broken.app.server.inject({ method: 'GET', url: '/health/ready' }));
    assert.deepEqual([ready.http, ready.statusCode], [503, 4]);
    await broken.app.server.close();
  });

  test('health and OpenAPI are public', async () => {
    assert.equal(json(await inject({ method: 'GET', url: '/health/live' })).status, 'live');
    assert.equal(json(await inject({ method: 'GET', url: '/health/ready' })).status, 'ready');
    const openapi = json(await inject({ method: 'GET', url: '/api/v2/openapi.json' }));
    assert.equal(openapi.openapi, '3.0.3');
    assert.ok((openapi.paths as Record<string, unknown>)['/api/v2/users/{userId}']);
  });
});
