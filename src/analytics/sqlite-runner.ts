// SQLite through better-sqlite3: one file in the data folder, created with its folder on first use.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database, { type Statement } from 'better-sqlite3';
import type { SqlRow, SqlRunner, SqlValue } from './sql-runner.ts';

export function openSqliteRunner(file: string): SqlRunner {
  mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  // WAL lets the dashboard read while answers are written; foreign keys are off in SQLite unless asked for.
  database.pragma('journal_mode = WAL');
  // In WAL mode NORMAL never corrupts the file; a power cut can lose the last second's answers, which
  // analytics can afford, and no commit waits for fsync.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = database.prepare(sql)));
    return statement;
  };
  const execute = (sql: string, parameters?: readonly SqlValue[]): SqlRow[] => {
    if (parameters === undefined && !/^\s*select/iu.test(sql)) {
      database.exec(sql);
      return [];
    }
    const statement = prepared(sql);
    if (statement.reader) return statement.all(...(parameters ?? [])) as SqlRow[];
    statement.run(...(parameters ?? []));
    return [];
  };
  return {
    kind: 'sqlite',
    all: async (sql, parameters) => execute(sql, parameters ?? []),
    transaction: async (list) => database.transaction(() => list.map(({ sql, parameters }) => prepared(sql).run(...(parameters ?? [])).changes))(),
    // One single-row statement per table, prepared once and run for each row: in a micro-benchmark
    // (batches of 450 answers, two cited speeches each) 27–30 µs an answer against 32–35 for statements
    // of 100 rows, which are built as text for each batch and bound by spreading hundreds of values.
    insertRows: async (inserts) =>
      database.transaction(() => {
        for (const { head, rows, tail } of inserts) {
          const first = rows[0];
          if (!first) continue;
          const statement = prepared(`${head} (${first.map(() => '?').join(', ')}) ${tail}`);
          for (const row of rows) statement.run(row);
        }
      })(),
    migrate: async (apply) => {
      // IMMEDIATE takes the write lock first, so two processes starting on one file migrate one after the other.
      database.exec('BEGIN IMMEDIATE');
      try {
        const version = await apply(async (sql, parameters) => execute(sql, parameters));
        database.exec('COMMIT');
        return version;
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      }
    },
    close: async () => {
      database.close();
    },
  };
}
