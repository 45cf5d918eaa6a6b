// The little the analytics store needs from a database: queries written once with `?` placeholders,
// run by SQLite or PostgreSQL.

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

/** Many rows into one table: `head` up to and including VALUES, one row of values each, then `tail` (ON CONFLICT …). */
export interface RowsInsert {
  head: string;
  rows: ReadonlyArray<readonly SqlValue[]>;
  tail: string;
}

export interface SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, parameters?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs the statements in one transaction; returns the rows each changed. */
  transaction(statements: ReadonlyArray<{ sql: string; parameters?: readonly SqlValue[] }>): Promise<number[]>;
  /**
   * Writes the rows of every insert in one transaction, in the way cheapest for the database: SQLite in
   * process runs one prepared statement per row, PostgreSQL, over the network, takes many rows a statement.
   */
  insertRows(inserts: readonly RowsInsert[]): Promise<void>;
  /** Runs the pending migrations in one transaction, one runner at a time even across processes. */
  migrate(apply: (execute: (sql: string, parameters?: readonly SqlValue[]) => Promise<SqlRow[]>) => Promise<number>): Promise<number>;
  close(): Promise<void>;
}
