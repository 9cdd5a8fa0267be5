/**
 * The one seam between the shared SQL repositories and a driver. Statements are written once
 * with `?` placeholders; `sql()` precomputes the PostgreSQL `$n` form, and each executor prepares
 * a statement once per connection under its name (prepared statements on the hot paths).
 */

export interface Statement {
  readonly name: string;
  /** SQLite text, `?` placeholders. */
  readonly text: string;
  /** PostgreSQL text, `$1…$n` placeholders. */
  readonly pgText: string;
}

export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<Row>(statement: Statement, params?: readonly SqlValue[]): Promise<Row[]>;
  get<Row>(statement: Statement, params?: readonly SqlValue[]): Promise<Row | undefined>;
  /** Returns the number of rows changed. */
  run(statement: Statement, params?: readonly SqlValue[]): Promise<number>;
}

const names = new Set<string>();

export function sql(name: string, text: string): Statement {
  if (names.has(name)) throw new Error(`duplicate statement name ${name}`);
  names.add(name);
  let n = 0;
  const pgText = text.replace(/\?/g, () => `$${++n}`);
  return Object.freeze({ name, text, pgText });
}

const byLength = new Map<string, Statement>();

/**
 * A statement with an `IN (…)` list of `length` placeholders: one prepared statement per
 * distinct length, so lists stay parameterised (never spliced) and portable.
 */
export function sqlWithList(name: string, length: number, text: (marks: string) => string): Statement {
  const key = `${name}.${length}`;
  let statement = byLength.get(key);
  if (!statement) {
    statement = sql(key, text(Array.from({ length }, () => '?').join(', ')));
    byLength.set(key, statement);
  }
  return statement;
}
