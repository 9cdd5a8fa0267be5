/**
 * An idle pooled PostgreSQL connection that fails (the server restarted, an administrator ended
 * it) is reported — to the handler the process gives (main.ts logs it) or, without one, as a
 * process warning — never swallowed; and the store goes on with a new connection.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { POSTGRES_URL, postgresSkip } from '../../test/support/databases.js';
import { PostgresStore } from './postgres.js';

/** Ends every connection named `applicationName`, as a server restart would; returns how many. */
async function terminate(applicationName: string): Promise<number> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  try {
    const result = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
      [applicationName],
    );
    return result.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

async function withStore(
  options: { onConnectionError?: (error: Error) => void },
  body: (store: PostgresStore, applicationName: string) => Promise<void>,
): Promise<void> {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  const applicationName = `parley-test-${randomBytes(4).toString('hex')}`;
  const store = await PostgresStore.open({
    connectionString: POSTGRES_URL,
    schema,
    applicationName,
    ...options,
  });
  try {
    await body(store, applicationName);
  } finally {
    await store.close();
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => admin.end());
  }
}

test(
  'an idle connection error reaches the given handler; the store reconnects',
  await postgresSkip(),
  async () => {
    const errors: Error[] = [];
    let reported: () => void = () => {};
    const seen = new Promise<void>((resolve) => (reported = resolve));
    await withStore(
      {
        onConnectionError: (error) => {
          errors.push(error);
          reported();
        },
      },
      async (store, applicationName) => {
        await store.schemaVersion(); // leaves an idle connection in the pool
        assert.ok((await terminate(applicationName)) >= 1, 'the pool holds a named connection');
        await seen;
        assert.equal((errors[0] as { code?: string } | undefined)?.code, '57P01'); // admin_shutdown
        assert.ok((await store.schemaVersion()) > 0, 'the next query runs on a new connection');
      },
    );
  },
);

test('without a handler, an idle connection error is a process warning', await postgresSkip(), async () => {
  await withStore({}, async (store, applicationName) => {
    await store.schemaVersion();
    const warned = once(process, 'warning') as Promise<[Error & { code?: string }]>;
    assert.ok((await terminate(applicationName)) >= 1);
    const [warning] = await warned;
    assert.equal(warning.name, 'ParleyStoreWarning');
    assert.match(warning.message, /PostgreSQL connection failed/);
    assert.equal(warning.code, '57P01');
  });
});
