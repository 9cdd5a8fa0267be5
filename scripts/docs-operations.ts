/**
 * `npm run docs:operations`: rewrites README.md's table of every operation (between
 * `<!-- operations:start -->` and `<!-- operations:end -->`) from the route schemas.
 * test/docs/readme-operations.test.ts fails while the README differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { currentOperationsTable } from './docs/operations-table.js';
import { README_PATH, readSection, replaceSection } from './docs/readme-section.js';

const readme = readFileSync(README_PATH, 'utf8');
const table = await currentOperationsTable();
if (readSection(readme, 'operations') === table) {
  console.log('README.md: the operations table is up to date');
} else {
  writeFileSync(README_PATH, replaceSection(readme, 'operations', table));
  console.log(`README.md: operations table rewritten (${table.split('\n').length - 3} operations)`);
}
