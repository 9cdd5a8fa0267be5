/**
 * Refusal to run on a schema from the future: a database that a newer Parley migrated (its
 * schema_migrations holds a version above the highest this build knows) may have tables and
 * columns this build would misread or break, so both stores stop the start instead (checked under
 * the migration lock, before anything is applied).
 */
import { MIGRATIONS } from './migrations.js';

/** The highest schema version this build knows. */
export const KNOWN_SCHEMA_VERSION = Math.max(0, ...MIGRATIONS.map((m) => m.version));

/** Throws when `applied` holds a version this build does not know; `where` names the database. */
export function refuseNewerSchema(applied: Iterable<number>, where: string): void {
  const newest = Math.max(0, ...applied);
  if (newest <= KNOWN_SCHEMA_VERSION) return;
  throw new Error(
    `${where} was migrated by a newer Parley: it is at schema version ${newest}, and this Parley ` +
      `knows versions up to ${KNOWN_SCHEMA_VERSION}. Nothing was changed. Upgrade Parley to the ` +
      'version that migrated it (or newer), or restore a backup taken before that upgrade.',
  );
}
