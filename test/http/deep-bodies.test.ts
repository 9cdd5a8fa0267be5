/**
 * A small body nested thousands of levels deep, on every operation route, is a GWS error and the
 * server keeps serving: the validation message once stringified the refused value (stack overflow,
 * an uncaught exception; found by the fuzz suite).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, json, startTestApp } from '../support/app.js';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

test('deeply nested operationName and parameters get statusCode 10 or 1, never a crash', async () => {
  const routes = ['/api/v2/chats', '/api/v2/me', '/api/v2/me/chats/0000000000000000', '/api/v2/chats/x'];
  for (const url of routes) {
    for (const payload of [
      `{"operationName":${deep(5000)}}`,
      `{"operationName":"SendMessage","text":${deep(5000)}}`,
      `{"operationName":"RequestChat","nickname":"n","userData":{"k":${deep(5000)}}}`,
      `{"operationName":"${'x'.repeat(100_000)}"}`,
    ]) {
      const response = await t.app.server.inject({
        method: 'POST',
        url,
        headers: { ...adminAuth, 'content-type': 'application/json', contactcenterid: t.contactCenterId },
        payload,
      });
      const body = json(response);
      assert.ok(
        [1, 2, 5, 6, 10].includes(body.statusCode as number),
        `${url}: ${response.body.slice(0, 200)}`,
      );
      assert.ok(String(body.statusMessage).length < 2000, 'the message does not echo the value');
    }
  }
  const me = await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth });
  assert.equal(json(me).statusCode, 0, 'still serving');
});
