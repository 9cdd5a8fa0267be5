/**
 * The store contract (STYLE.md §11): ONE suite that the SQLite and the PostgreSQL store must
 * both pass. The cases live in ./contract/ by repository group; later features add theirs there.
 */
import { after, before, describe } from 'node:test';
import type { TestDatabase } from '../../test/support/databases.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from '../../test/support/databases.js';
import { accountCases } from './contract/accounts.js';
import { appendCases } from './contract/append.js';
import { chatCases } from './contract/chats.js';
import { cc } from './contract/fixtures.js';
import { transactionCases } from './contract/transactions.js';
import type { Store } from './store.js';

for (const [name, makeDatabase] of [
  ['sqlite', sqliteDatabase],
  ['postgres', postgresDatabase],
] as const) {
  describe(`store contract: ${name}`, async () => {
    const skip = name === 'postgres' ? await postgresSkip() : {};
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      if (skip.skip) return;
      database = makeDatabase();
      store = await database.open();
      await store.contactCenters.create(cc('cc-1'));
      await store.contactCenters.create(cc('cc-2'));
    });
    after(async () => {
      if (skip.skip) return;
      await store.close();
      await database.drop();
    });

    const ctx = { skip, store: () => store, database: () => database };
    accountCases(ctx);
    chatCases(ctx);
    appendCases(ctx);
    transactionCases(ctx);
  });
}
