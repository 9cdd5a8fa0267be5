import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestSummary, ownLineLevel } from './request-log.js';

test('refused requests (auth, limits) and failures get a line of their own; the rest only the summary', () => {
  assert.deepEqual([200, 204, 302, 400, 404, 405, 409, 415].map(ownLineLevel), [
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  assert.deepEqual([401, 403, 413, 429].map(ownLineLevel), ['info', 'info', 'info', 'info']);
  assert.deepEqual([500, 503].map(ownLineLevel), ['warn', 'warn']);
});

test('the summary counts by method, route and status, busiest first, and starts over once taken', () => {
  const summary = new RequestSummary();
  assert.equal(summary.take(), undefined, 'nothing to say: no line');
  summary.count('GET', '/api/v2/me', 200);
  summary.count('POST', '/api/v2/chats/:chatId', 200);
  summary.count('POST', '/api/v2/chats/:chatId', 200);
  summary.count('GET', '(unmatched)', 404);
  const taken = summary.take();
  assert.equal(taken?.total, 4);
  assert.deepEqual(Object.entries(taken?.requests ?? {}), [
    ['POST /api/v2/chats/:chatId 200', 2],
    ['GET (unmatched) 404', 1],
    ['GET /api/v2/me 200', 1],
  ]);
  assert.equal(summary.take(), undefined);
});
