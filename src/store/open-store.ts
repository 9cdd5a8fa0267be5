import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './store.js';

/** Opens the store a DATABASE_URL names: `postgres://…`, or `sqlite:<path>` / a bare path. */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return PostgresStore.open({ connectionString: databaseUrl });
  return new SqliteStore(databaseUrl.replace(/^sqlite:/, ''));
}
