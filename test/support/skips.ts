/**
 * node:test's option for tests that need something from the machine (PostgreSQL, Redis, a
 * binary): `{}` when it is there, else `{ skip: reason }` — except under CI=true, where a missing
 * piece fails the run instead (CI provides them all; a silent skip would hide that it did not).
 */
export type Skip = { skip?: string };

export function skipUnlessThere(reason: string | undefined, what: string): Skip {
  if (reason === undefined) return {};
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: ${what} tests must run)`);
  return { skip: reason };
}

/** The first of `checks` that skips, else `{}` (checked in order, each only if those before pass). */
export async function firstSkip(...checks: (() => Skip | Promise<Skip>)[]): Promise<Skip> {
  for (const check of checks) {
    const skip = await check();
    if (skip.skip) return skip;
  }
  return {};
}
