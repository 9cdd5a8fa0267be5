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
