/**
 * A crash of the real process — an uncaught exception or an unhandled rejection — is logged
 * (fatal, with its stack) and followed by the same clean close as a signal: the port closes, the
 * store closes (no SQLite WAL left behind), and the exit status is 1. The crash is set off by a
 * preloaded module on SIGUSR2, a signal Parley leaves alone.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { basicAuth, logLines, startMain } from '../support/main-process.js';

const CRASH = `process.on('SIGUSR2', () => setImmediate(() => {
  if (process.env.CRASH_KIND === 'rejection') Promise.reject(new Error('boom: a rejection nobody handled'));
  else throw new Error('boom: an exception nobody caught');
}));`;
const PRELOAD = `data:text/javascript,${encodeURIComponent(CRASH)}`;

for (const [kind, message] of [
  ['exception', 'boom: an exception nobody caught'],
  ['rejection', 'boom: a rejection nobody handled'],
] as const) {
  test(`an unhandled ${kind} is logged, then the store is closed cleanly; exit 1`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
    const path = join(dir, 'parley.db');
    const server = await startMain({
      env: { DATABASE_URL: `sqlite:${path}`, PARLEY_ADMIN: 'admin:admin-password', CRASH_KIND: kind },
      preload: PRELOAD,
    });
    try {
      const created = await fetch(`${server.url}/api/v2/users`, {
        method: 'POST',
        headers: { authorization: basicAuth('admin', 'admin-password'), 'content-type': 'application/json' },
        body: JSON.stringify({ userName: 'ann', password: 'ann-password', roles: ['ROLE_AGENT'] }),
      });
      assert.equal(created.status, 200);
      assert.ok(existsSync(`${path}-wal`));

      server.signal('SIGUSR2');
      assert.equal(await server.exited, 1, server.stdout() + server.stderr());
      const lines = logLines(server.stdout());
      const crash = lines.find((l) => l.msg === 'crashed; shutting down');
      assert.equal(crash?.level, 60, server.stdout()); // fatal
      const err = crash?.err as { message?: string; stack?: string } | undefined;
      assert.equal(err?.message, message);
      assert.match(err?.stack ?? '', /boom/);
      assert.ok(
        lines.some((l) => l.msg === 'stopped'),
        'the clean close ran to its end',
      );
      assert.equal(existsSync(`${path}-wal`), false, 'the store was closed cleanly');
    } finally {
      server.signal('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
