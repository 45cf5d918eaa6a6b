// The servers the recording benchmark loads, in a process of their own: one recording answers
// (SQLite in a temp dir, or PostgreSQL with DATABASE_URL given as the second argument), one with
// ANALYTICS=false. Prints their URLs and the admin token when ready.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server/start-server.ts';

const indexDir = process.argv[2]!;
const databaseUrl = process.argv[3] ?? '';
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-bench-data-'));
const adminToken = 'bench-admin-token-0123456789';
const base = { INDEX_DIR: indexDir, PORT: '0', EMBEDDER: 'local', RATE_LIMIT_PER_MINUTE: '100000000', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', ADMIN_TOKEN: adminToken };
const options = { logger: pino({ level: 'silent' }), print: () => undefined };
const off = await startServer(loadConfig({ ...base, ANALYTICS: 'false' }), options);
const on = await startServer(loadConfig({ ...base, ANALYTICS: 'true', DATA_DIR: dataDir, DATABASE_URL: databaseUrl }), options);
await Promise.all([off.ready, on.ready]);
process.stdout.write(`${JSON.stringify({ offUrl: off.url, onUrl: on.url, adminToken, store: on.analytics?.store.kind })}\n`);
process.once('SIGTERM', () => void Promise.all([off.close(), on.close()]).then(() => rm(dataDir, { recursive: true, force: true })).then(() => process.exit(0)));
