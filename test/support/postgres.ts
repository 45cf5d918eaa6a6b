// A PostgreSQL database for tests: the server named by DATABASE_URL (.ci/run starts one), with a
// schema of its own per call so that tests never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const URL_FROM_ENVIRONMENT = process.env.DATABASE_URL;

/** Whether the PostgreSQL tests run: with a server, or under CI=true, where its absence is a failure. */
export const POSTGRES_AVAILABLE = Boolean(URL_FROM_ENVIRONMENT) || process.env.CI === 'true';

if (!POSTGRES_AVAILABLE) {
  process.stderr.write('PostgreSQL tests skipped: set DATABASE_URL to a PostgreSQL server (e.g. postgres://speechcite:speechcite@127.0.0.1:5432/speechcite_test); .ci/run starts one.\n');
}

/** A fresh schema on the test server; `url` connects with it as the search path. */
export async function temporaryPostgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!URL_FROM_ENVIRONMENT) throw new Error('DATABASE_URL is not set: CI=true needs a PostgreSQL server (.ci/run installs and starts one)');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: URL_FROM_ENVIRONMENT });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(URL_FROM_ENVIRONMENT);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: URL_FROM_ENVIRONMENT });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}
