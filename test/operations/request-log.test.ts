/**
 * The request log at `info` (observability/request-log.ts): refused and failed requests each get
 * a line with their route pattern — never the URL, which holds the customer's token — and no
 * stack; only an unexpected error's stack is logged, once, by the error handler; everything
 * else goes into the summary line, written per period and when the server closes.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { bootstrap } from '../../src/accounts/bootstrap.js';
import { loadConfig } from '../../src/config.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import { ADMIN, adminAuth, basic } from '../support/app.js';
import { sqliteDatabase } from '../support/databases.js';

test('refused and failed requests each get a line without a stack; the rest the summary', async () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const database = sqliteDatabase();
  const store = await database.open();
  const created = await bootstrap({ store, contactCenterId: undefined, admin: ADMIN });
  const config = loadConfig({ PORT: '0', DATABASE_URL: database.databaseUrl, LOG_LEVEL: 'info' });
  const bus = new InProcessBus();
  const app = await buildApp({ config, store, bus, logger: pino({ level: 'info' }, stream) });
  app.server.get('/test/boom', { config: { auth: 'public' } }, () => {
    throw new Error('boom: a bug');
  });
  try {
    const inject = app.server.inject.bind(app.server);
    const token = 'customer-token-that-must-never-be-logged';
    const statuses = [
      (await inject({ method: 'GET', url: '/api/v2/me' })).statusCode,
      (
        await inject({
          method: 'GET',
          url: '/api/v2/me',
          headers: { authorization: basic('admin', 'wrong-password') },
        })
      ).statusCode,
      (await inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth })).statusCode,
      (
        await inject({
          method: 'POST',
          url: '/api/v2/users',
          headers: { ...adminAuth, 'content-type': 'application/json' },
          payload: '{"userName": ',
        })
      ).statusCode,
      (
        await inject({
          method: 'GET',
          url: `/api/v2/chats/${token}`,
          headers: { contactcenterid: created?.contactCenterId ?? '' },
        })
      ).statusCode,
      (await inject({ method: 'GET', url: '/no/such/path' })).statusCode,
      (await inject({ method: 'GET', url: '/test/boom' })).statusCode,
    ];
    assert.deepEqual(statuses, [401, 401, 200, 400, 404, 404, 500]);
    await app.server.close();

    const own = lines.filter((l) => l.msg === 'request refused' || l.msg === 'request failed');
    assert.deepEqual(
      own.map((l) => [l.level, l.msg, l.method, l.route, l.statusCode]),
      [
        [30, 'request refused', 'GET', '/api/v2/me', 401],
        [30, 'request refused', 'GET', '/api/v2/me', 401],
        [40, 'request failed', 'GET', '/test/boom', 500],
      ],
    );
    assert.ok(own.every((l) => l.remoteAddress === '127.0.0.1' && typeof l.responseTimeMs === 'number'));
    const stacks = lines.filter((l) => JSON.stringify(l).includes('"stack"'));
    assert.deepEqual(
      stacks.map((l) => l.msg),
      ['unhandled error'],
      'only the unexpected error has its stack logged, once',
    );
    const summary = lines.find((l) => l.msg === 'requests');
    assert.equal(summary?.total, 7);
    assert.deepEqual(summary?.requests, {
      'GET /api/v2/me 401': 2,
      'GET (unmatched) 404': 1,
      'GET /api/v2/chats/:id 404': 1,
      'GET /api/v2/me 200': 1,
      'GET /test/boom 500': 1,
      'POST /api/v2/users 400': 1,
    });
    const all = JSON.stringify(lines);
    assert.ok(!all.includes(token), 'the customer token is nowhere in the log');
    assert.ok(!all.includes('wrong-password') && !all.includes(adminAuth.authorization));
  } finally {
    await app.server.close();
    await bus.close();
    await store.close();
    await database.drop();
  }
});
