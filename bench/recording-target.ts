// One server for the recording benchmark, in a process of its own: recording answers (`on`: SQLite
// in a temp dir, or PostgreSQL when a database URL is given) or not (`off`). Prints its URL and the
// admin token when ready.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server/start-server.ts';

const [indexDir, mode, databaseUrl = ''] = process.argv.slice(2);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-bench-data-'));
const adminToken = 'bench-admin-token-0123456789';
const running = await startServer(
  loadConfig({
    INDEX_DIR: indexDir,
    PORT: '0',
    EMBEDDER: 'local',
    RATE_LIMIT_PER_MINUTE: '100000000',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    ADMIN_TOKEN: adminToken,
    ANALYTICS: mode === 'on' ? 'true' : 'false',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
  }),
  { logger: pino({ level: 'silent' }), print: () => undefined },
);
await running.ready;
process.stdout.write(`${JSON.stringify({ url: running.url, adminToken, store: running.analytics?.store.kind ?? 'none' })}\n`);
process.once(
  'SIGTERM',
  () =>
    void running
      .close()
      .then(() => rm(dataDir, { recursive: true, force: true }))
      .then(() => process.exit(0)),
);
