// A PostgreSQL database for tests: the server named by DATABASE_URL, or else the one .ci/run starts
// (its role and database on 127.0.0.1:5432), with a schema of its own per call so that tests never
// see each other's rows. The fallback lets `npm test` run after `.ci/run` in another shell.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const CI_DATABASE_URL = 'postgres://speechcite:speechcite@127.0.0.1:5432/speechcite_test';
const SERVER_URL = process.env.DATABASE_URL || CI_DATABASE_URL;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const SERVER_REACHABLE = await reachable(SERVER_URL);

/** Whether the PostgreSQL tests run: with a server, or under CI=true, where its absence is a failure. */
export const POSTGRES_AVAILABLE = SERVER_REACHABLE || process.env.CI === 'true';

if (!POSTGRES_AVAILABLE) {
  process.stderr.write(
    `PostgreSQL tests skipped: no server at ${process.env.DATABASE_URL ? 'DATABASE_URL' : CI_DATABASE_URL}; set DATABASE_URL to a PostgreSQL server, or run .ci/run, which starts one.\n`,
  );
}

/** A fresh schema on the test server; `url` connects with it as the search path. */
export async function temporaryPostgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!SERVER_REACHABLE)
    throw new Error(
      `no PostgreSQL server at ${process.env.DATABASE_URL ? 'DATABASE_URL' : CI_DATABASE_URL}: CI=true needs one (.ci/run installs and starts it)`,
    );
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
