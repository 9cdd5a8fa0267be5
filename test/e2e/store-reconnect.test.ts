/**
 * A node that loses its PostgreSQL connections (here: the server terminates them, as a restart or
 * a failover would) says so in its log and connects again by itself; nothing already stored is
 * lost and the next requests are answered as before.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { postgresDatabase, postgresSkip, POSTGRES_URL } from '../support/databases.js';
import { waitFor } from '../support/cometd.js';
import { basicHeader, startServer } from '../support/server-process.js';

describe('PostgreSQL connections lost under a node', async () => {
  const skip = await postgresSkip();
  test('logged, reconnected, nothing lost', { ...skip, timeout: 60_000 }, async () => {
    const database = postgresDatabase();
    await (await database.open()).close(); // creates the schema
    const applicationName = `parley-reconnect-${randomBytes(4).toString('hex')}`;
    const url = new URL(database.databaseUrl);
    url.searchParams.set('application_name', applicationName);
    const server = await startServer({ DATABASE_URL: url.toString(), PARLEY_ADMIN: 'admin:admin-password' });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const get = async (path: string) => {
        const response = await fetch(`${server.url}${path}`, {
          headers: { authorization: basicHeader('admin', 'admin-password') },
        });
        return { http: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      assert.equal((await get('/api/v2/me')).body.statusCode, 0);
      const terminated = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      assert.ok(terminated.rowCount && terminated.rowCount > 0, 'the node had connections to lose');
      await waitFor(
        () => server.stdout().includes('store: a PostgreSQL connection failed; reconnecting'),
        10_000,
        'the node to log the loss',
      );
      assert.equal((await get('/health/ready')).http, 200, 'ready again: the pool connects anew');
      const me = await get('/api/v2/me');
      assert.deepEqual([me.http, (me.body.user as Record<string, unknown>).userName], [200, 'admin']);
    } finally {
      await admin.end();
      await server.stop();
      await database.drop();
    }
  });
});
