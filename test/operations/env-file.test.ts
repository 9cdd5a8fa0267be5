/**
 * `.env` in the folder Parley starts in is read before the configuration (main.ts): its settings
 * apply, a variable set in the environment wins over it, and without one Parley starts as before.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { basicAuth, startMain } from '../support/main-process.js';

test('the settings of ./.env apply; the environment wins over them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-dotenv-'));
  const path = join(dir, 'from-env-file.db');
  writeFileSync(
    join(dir, '.env'),
    [
      '# written by the test',
      `DATABASE_URL=sqlite:${path}`,
      'PARLEY_ADMIN="dot:dot-env-password"',
      'PORT=1', // the test's PORT=0 wins
      'LOG_LEVEL=warn',
    ].join('\n'),
  );
  const server = await startMain({ cwd: dir, env: { PORT: '0' } });
  try {
    assert.notEqual(new URL(server.url).port, '1');
    assert.ok(existsSync(path), 'DATABASE_URL came from .env');
    const me = await fetch(`${server.url}/api/v2/me`, {
      headers: { authorization: basicAuth('dot', 'dot-env-password') },
    });
    assert.equal(((await me.json()) as { statusCode?: number }).statusCode, 0, 'PARLEY_ADMIN came from .env');
    assert.doesNotMatch(server.stdout(), /"level":30/, 'LOG_LEVEL=warn came from .env');
    server.signal('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    server.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without a .env the start is as before', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-no-dotenv-'));
  const server = await startMain({ cwd: dir, env: { DATABASE_URL: `sqlite:${join(dir, 'p.db')}` } });
  try {
    assert.match(server.stdout(), /created administrator "admin" with password \S+/);
    server.signal('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    server.signal('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
