/**
 * What the stores' integer columns and parameters hold. A position a caller may name beyond
 * anything stored — `startIndex=2^53`, `afterId=1e308`, a customer's `index` — is clamped to it,
 * so "after 1e308" is simply "after everything" and answers nothing. Unclamped, PostgreSQL
 * refused such parameters ("out of range for type integer"): a 500 the fuzz (R3) found.
 */

/** A message index (`idx INTEGER`): PostgreSQL's int4. */
export const MAX_INDEX = 2_147_483_647;
/** A BIGINT (the audit's id, an OFFSET): as far as a JavaScript number is exact. */
export const MAX_BIGINT = Number.MAX_SAFE_INTEGER;
