/**
 * The bus contract (STYLE.md §11, §18): ONE suite that the in-process and the Redis bus must both
 * pass, the way the store contract runs on SQLite and PostgreSQL. Cases live in ./contract/.
 */
import { describeEachBus } from '../../test/support/buses.js';
import { deliveryCases } from './contract/deliveries.js';

describeEachBus('bus contract', (suite) => {
  deliveryCases(suite);
});
