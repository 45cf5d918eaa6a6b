// The little the analytics store needs from a database: queries written once with `?` placeholders,
// run by SQLite or PostgreSQL.

export type SqlValue = string | number | null;
export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, parameters?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs the statements in one transaction; returns the rows each changed. */
  transaction(statements: ReadonlyArray<{ sql: string; parameters?: readonly SqlValue[] }>): Promise<number[]>;
  /** Runs the pending migrations in one transaction, one runner at a time even across processes. */
  migrate(apply: (execute: (sql: string, parameters?: readonly SqlValue[]) => Promise<SqlRow[]>) => Promise<number>): Promise<number>;
  close(): Promise<void>;
}
