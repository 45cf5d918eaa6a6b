// The servers under load, in a process of their own: speechcite (offline) and, beside it, a bare
// Express route returning JSON, the baseline measured in the same run. Prints their URLs when ready.
import express from 'express';
import { pino } from 'pino';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config.ts';
import { startServer } from '../src/server/start-server.ts';

const indexDir = process.argv[2]!;
const running = await startServer(
  loadConfig({ INDEX_DIR: indexDir, PORT: '0', EMBEDDER: 'local', RATE_LIMIT_PER_MINUTE: '100000000', OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }),
  { logger: pino({ level: 'silent' }), print: () => undefined },
);
await running.ready;

const bare = express();
bare.use(express.json());
bare.post('/bare', (request, response) => {
  response.json({ ok: true, echo: request.body?.query ?? null });
});
const bareServer = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => bareServer.once('listening', resolve));
process.stdout.write(`${JSON.stringify({ url: running.url, bareUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}` })}\n`);
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
