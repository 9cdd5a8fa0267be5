import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { lazyChildLogger } from './lazy-child-logger.js';

function captured(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, stream) as unknown as FastifyBaseLogger, lines };
}

test('a request logger makes its child only when it logs, and the line names the request', () => {
  const { logger, lines } = captured();
  let children = 0;
  const counting = Object.create(logger, {
    child: {
      value: (...args: Parameters<FastifyBaseLogger['child']>) => {
        children += 1;
        return logger.child(...args);
      },
    },
  }) as FastifyBaseLogger;
  const log = lazyChildLogger(counting, { reqId: 'req-7' }, {});
  assert.equal(log.level, 'info');
  assert.equal(children, 0);
  log.info({ statusCode: 401 }, 'request refused');
  log.warn('again');
  assert.equal(children, 1);
  assert.deepEqual(
    lines.map(({ reqId, msg, statusCode, level }) => ({ reqId, msg, statusCode, level })),
    [
      { reqId: 'req-7', msg: 'request refused', statusCode: 401, level: 30 },
      { reqId: 'req-7', msg: 'again', statusCode: undefined, level: 40 },
    ],
  );
});

test('levels below the logger’s write nothing; child() keeps the request’s bindings', () => {
  const { logger, lines } = captured('warn');
  const log = lazyChildLogger(logger, { reqId: 'req-8' }, {});
  log.info('not written');
  log.debug('not written');
  log.child({ part: 'bayeux' }).error('written');
  assert.deepEqual(
    lines.map(({ reqId, part, msg }) => ({ reqId, part, msg })),
    [{ reqId: 'req-8', part: 'bayeux', msg: 'written' }],
  );
});
