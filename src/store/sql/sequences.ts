/** Blocks of numbers shared by every node (e.g. referenceIds, spec §1.3): one atomic upsert. */
import type { SequenceRepository } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { sql } from './executor.js';

const reserve = sql(
  'sequences.reserve',
  `INSERT INTO sequences (name, value) VALUES (?, ?)
   ON CONFLICT (name) DO UPDATE SET value = sequences.value + excluded.value
   RETURNING value`,
);

export function sequenceRepository(db: SqlExecutor): SequenceRepository {
  return {
    async reserve(name, count) {
      if (!Number.isSafeInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
      const row = await db.get<{ value: number }>(reserve, [name, count]);
      if (!row) throw new Error(`sequence ${name}: no value returned`);
      return row.value - count + 1;
    },
  };
}
