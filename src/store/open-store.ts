import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** A pooled PostgreSQL connection failed (e.g. the server restarted); the pool opens new ones. */
  readonly onConnectionError?: (error: Error) => void;
}

/** Opens the store a DATABASE_URL names: `postgres://…`, or `sqlite:<path>` / a bare path. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return PostgresStore.open({
      connectionString: databaseUrl,
      onConnectionError: options.onConnectionError,
    });
  }
  return new SqliteStore(databaseUrl.replace(/^sqlite:/, ''));
}
