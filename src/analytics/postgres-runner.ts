// PostgreSQL through node-postgres: a small pool; the shared `?` placeholders become $1, $2…
import pg from 'pg';
import type { RowsInsert, SqlRow, SqlRunner, SqlValue } from './sql-runner.ts';

// Any constant works, as long as no other code on the same database takes this advisory lock for something else.
const MIGRATION_LOCK = 7_202_611;

/** Numbers the `?` placeholders of a query written for both databases (none of our queries has a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let count = 0;
  return sql.replace(/\?/gu, () => `$${++count}`);
}

// Rows per INSERT: one statement per row would cost a round trip each; PostgreSQL allows 65,535 parameters a statement.
const ROWS_PER_INSERT = 100;

/** INSERT statements of up to ROWS_PER_INSERT rows each. */
function multiRowInserts({ head, rows, tail }: RowsInsert): Array<{ sql: string; parameters: SqlValue[] }> {
  const statements: Array<{ sql: string; parameters: SqlValue[] }> = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const placeholders = chunk.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
    statements.push({ sql: `${head} ${placeholders} ${tail}`, parameters: chunk.flat() });
  }
  return statements;
}

export function openPostgresRunner(connectionString: string, onError: (error: Error) => void): SqlRunner {
  const pool = new pg.Pool({ connectionString, max: 4, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection is reported here; without a listener it would end the process.
  pool.on('error', onError);
  const query = (client: pg.Pool | pg.PoolClient, sql: string, parameters?: readonly SqlValue[]) =>
    parameters === undefined ? client.query(sql) : client.query(numberPlaceholders(sql), [...parameters]);
  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    kind: 'postgres',
    all: async (sql, parameters) => (await query(pool, sql, parameters ?? [])).rows as SqlRow[],
    transaction: (list) =>
      inTransaction(async (client) => {
        const changed: number[] = [];
        for (const { sql, parameters } of list) changed.push((await query(client, sql, parameters ?? [])).rowCount ?? 0);
        return changed;
      }),
    insertRows: (inserts) =>
      inTransaction(async (client) => {
        for (const { sql, parameters } of inserts.flatMap(multiRowInserts)) await query(client, sql, parameters);
      }),
    migrate: (apply) =>
      inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        return apply(async (sql, parameters) => (await query(client, sql, parameters)).rows as SqlRow[]);
      }),
    close: () => pool.end(),
  };
}
