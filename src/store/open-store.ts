import type { StoreGauges } from '../observability/store-gauges.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /**
   * A pooled PostgreSQL connection failed (e.g. the server restarted); the pool opens new ones.
   * Default: a process warning.
   */
  readonly onConnectionError?: (error: Error) => void;
}

/** A store as the process opens it: with the gauges /metrics reads at scrape time. */
export type OpenedStore = Store & { readonly gauges: StoreGauges };

/**
 * Opens the store a DATABASE_URL names: `postgres://…`, or `sqlite:<path>` / a bare path. Both
 * apply their migrations, and refuse a database a newer Parley migrated (newer-schema.ts).
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<OpenedStore> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return PostgresStore.open({
      connectionString: databaseUrl,
      onConnectionError: options.onConnectionError,
    });
  }
  return new SqliteStore(databaseUrl.replace(/^sqlite:/, ''));
}
