// PostgreSQL through node-postgres: a small pool; the shared `?` placeholders become $1, $2…
import pg from 'pg';
import type { SqlRow, SqlRunner, SqlValue } from './sql-runner.ts';

// Any constant works, as long as no other code on the same database takes this advisory lock for something else.
const MIGRATION_LOCK = 7_202_611;

/** Numbers the `?` placeholders of a query written for both databases (none of our queries has a literal `?`). */
export function numberPlaceholders(sql: string): string {
  let count = 0;
  return sql.replace(/\?/gu, () => `$${++count}`);
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
    migrate: (apply) =>
      inTransaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        return apply(async (sql, parameters) => (await query(client, sql, parameters)).rows as SqlRow[]);
      }),
    close: () => pool.end(),
  };
}
