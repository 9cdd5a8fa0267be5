/**
 * Positions a caller may name beyond anything stored — `startIndex=2^53`, `afterId=1e308` — are
 * clamped to what the column holds, so "after 1e308" is simply "after everything" and answers
 * nothing, as the customer's `index` does. Unclamped, PostgreSQL refused such parameters
 * ("out of range for type integer"): a 500 the fuzz (R3) found.
 */

/** A message index (`idx INTEGER`): PostgreSQL's int4. */
export const MAX_INDEX = 2_147_483_647;
/** A BIGINT id (the audit's): as far as a JavaScript number is exact. */
export const MAX_ID = Number.MAX_SAFE_INTEGER;

export function atMost(position: number, max: number): number {
  return Math.min(position, max);
}
