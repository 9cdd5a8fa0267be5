/**
 * The store contract (STYLE.md §11): ONE suite that the SQLite and the PostgreSQL store must
 * both pass. The cases live in ./contract/ by repository group; later features add theirs there.
 */
import { after, before } from 'node:test';
import type { TestDatabase } from '../../test/support/databases.js';
import { describeEachStore } from '../../test/support/databases.js';
import { accountCases } from './contract/accounts.js';
import { appendCases } from './contract/append.js';
import { audienceCases } from './contract/audience.js';
import { boardCases } from './contract/board.js';
import { chatCases } from './contract/chats.js';
import { customerActivityCases } from './contract/customer-activity.js';
import { cc } from './contract/fixtures.js';
import { outboxCases } from './contract/outbox.js';
import { transactionCases } from './contract/transactions.js';
import type { Store } from './store.js';

describeEachStore('store contract', ({ skip, makeDatabase }) => {
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
  audienceCases(ctx);
  boardCases(ctx);
  transactionCases(ctx);
  outboxCases(ctx);
  customerActivityCases(ctx);
});
