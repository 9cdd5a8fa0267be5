/**
 * The README path, end to end, on the real process: first start prints the contact center and a
 * generated admin; agents and supervisors are created with the API and with the CLI; GET /me
 * works with Basic and then with the cookie; SIGTERM stops cleanly; a restart keeps every user.
 * Run on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestDatabase } from '../support/databases.js';
import { REDIS_URL } from '../support/buses.js';
import { describeEachStore } from '../support/databases.js';
import { basicHeader, runCli, startServer } from '../support/server-process.js';
import { waitFor } from '../support/wait.js';

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  return { response, body: (await response.json()) as Record<string, unknown> };
}

async function meWithBasicThenCookie(base: string, userName: string, password: string) {
  const first = await call(`${base}/api/v2/me`, {
    headers: { authorization: basicHeader(userName, password) },
  });
  assert.equal(first.body.statusCode, 0, `${userName}: ${JSON.stringify(first.body)}`);
  const cookie = first.response.headers.get('set-cookie')?.split(';')[0];
  assert.match(cookie ?? '', /^JSESSIONID=/);
  const second = await call(`${base}/api/v2/me`, { headers: { cookie: cookie ?? '' } });
  assert.equal(second.body.statusCode, 0);
  return second.body.user as Record<string, unknown>;
}

describeEachStore('foundation end to end', ({ name, skip, makeDatabase }) => {
  test('first start, provisioning by API and CLI, Basic then cookie, restart keeps users', skip, async () => {
    const database: TestDatabase = makeDatabase();
    if (name === 'postgres') await (await database.open()).close(); // creates the test schema
    // PostgreSQL with the Redis bus, as every node of a cluster runs.
    const env: Record<string, string> = { DATABASE_URL: database.databaseUrl };
    if (name === 'postgres')
      Object.assign(env, { REDIS_URL, PARLEY_REDIS_PREFIX: `parley-e2e-${database.name}-${Date.now()}` });
    try {
      const server = await startServer(env);
      const printed = server.stdout();
      const ccMatch = /created contact center ([0-9a-f-]{36}) \(features: ([^)]*)\)/.exec(printed);
      const adminMatch = /created administrator "admin" with password (\S+)/.exec(printed);
      assert.ok(ccMatch && adminMatch, printed);
      assert.match(ccMatch[2] ?? '', /api-multimedia/);
      const admin = { authorization: basicHeader('admin', adminMatch[1] ?? '') };
      // The start names the console's screens (README quick start), and they answer.
      await waitFor(() => /console at /.test(server.stdout()), 5000, 'the console line');
      const consoleLine = /Parley: console at (\S+)\/ \(agent desk (\S+), supervisor console (\S+),/.exec(
        server.stdout(),
      );
      assert.ok(consoleLine, server.stdout());
      for (const url of consoleLine.slice(1)) {
        const page = await fetch(url ?? '');
        assert.equal(page.status, 200, url);
        assert.match(page.headers.get('content-type') ?? '', /^text\/html/, url);
      }

      for (const [userName, roles] of [
        ['api.agent', ['ROLE_AGENT']],
        ['api.supervisor', ['ROLE_SUPERVISOR', 'ROLE_AGENT']],
      ] as const) {
        const created = await call(`${server.url}/api/v2/users`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({
            userName,
            password: 'api-password',
            firstName: 'Api',
            lastName: 'User',
            roles,
          }),
        });
        assert.equal(created.body.statusCode, 0);
      }
      const cli = runCli(
        [
          'users',
          'create',
          '--user-name',
          'cli.supervisor',
          '--password',
          'cli-password',
          '--roles',
          'ROLE_SUPERVISOR',
        ],
        env,
      );
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stdout, /created user cli\.supervisor \([0-9a-f]{32}\) with roles ROLE_SUPERVISOR/);
      assert.equal(
        runCli(
          [
            'users',
            'create',
            '--user-name',
            'cli.agent',
            '--password',
            'cli-password',
            '--roles',
            'ROLE_AGENT',
          ],
          env,
        ).status,
        0,
      );
      const duplicate = runCli(
        [
          'users',
          'create',
          '--user-name',
          'API.AGENT',
          '--password',
          'cli-password',
          '--roles',
          'ROLE_AGENT',
        ],
        env,
      );
      assert.equal(duplicate.status, 1);
      assert.match(duplicate.stderr, /already exists \(statusCode 18\)/);

      assert.deepEqual((await meWithBasicThenCookie(server.url, 'api.agent', 'api-password')).roles, [
        'ROLE_AGENT',
      ]);
      assert.deepEqual((await meWithBasicThenCookie(server.url, 'api.supervisor', 'api-password')).roles, [
        'ROLE_SUPERVISOR',
        'ROLE_AGENT',
      ]);
      assert.deepEqual((await meWithBasicThenCookie(server.url, 'cli.supervisor', 'cli-password')).roles, [
        'ROLE_SUPERVISOR',
      ]);
      assert.deepEqual((await meWithBasicThenCookie(server.url, 'cli.agent', 'cli-password')).roles, [
        'ROLE_AGENT',
      ]);
      assert.equal(await server.stop(), 0, 'graceful shutdown exits 0');

      const again = await startServer(env);
      assert.doesNotMatch(again.stdout(), /created/, 'no second bootstrap');
      const users = await call(`${again.url}/api/v2/users?fields=*`, { headers: admin });
      assert.deepEqual((users.body.users as { userName: string }[]).map((u) => u.userName).sort(), [
        'admin',
        'api.agent',
        'api.supervisor',
        'cli.agent',
        'cli.supervisor',
      ]);
      await meWithBasicThenCookie(again.url, 'cli.agent', 'cli-password');
      const listed = runCli(['users', 'list'], env);
      assert.match(listed.stdout, /cli\.agent/);
      assert.equal(await again.stop(), 0);
    } finally {
      await database.drop();
    }
  });
});

describe('start-up refusals', () => {
  test('bad configuration stops the start with a readable list and exit code 78', () => {
    const result = runCli(['users', 'list'], { PORT: 'eighty', PARLEY_ADMIN: 'nocolon', PARLEY_TYPO: '1' });
    assert.equal(result.status, 78);
    assert.match(result.stderr, /PORT must be 0-65535/);
    assert.match(result.stderr, /PARLEY_ADMIN must be user:password/);
    assert.match(result.stderr, /PARLEY_TYPO is not a Parley setting/);
  });

  test('the server refuses bad configuration the same way', async () => {
    await assert.rejects(startServer({ LOG_LEVEL: 'loud' }), /exited with 78[\s\S]*LOG_LEVEL must be one of/);
  });
});
