// One server start, in a process of its own so that its memory is clean: how long until it is ready,
// and its resident memory once ready. Runs the compiled server (dist/), as `npm start` does.
// Usage: node bench/server-ready-one.mjs <corpus-dir> <index-dir> <true|false>; prints one JSON line.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';

const [corpusDir, indexDir, thread] = process.argv.slice(2);
/** A compiled module of the server (`npm run build` makes them); typed loosely, as JavaScript. */
const compiled = (/** @type {string} */ module) => import(new URL(`../dist/${module}.js`, import.meta.url).href);
const { loadConfig } = await compiled('config/config');
const { startServer } = await compiled('server/start-server');
const config = loadConfig({
  CORPUS_DIR: corpusDir,
  INDEX_DIR: indexDir,
  PORT: '0',
  EMBEDDER: 'local',
  RETRIEVAL_THREAD: thread,
  OPENAI_API_KEY: '',
  OPENAI_BASE_URL: '',
});

const started = performance.now();
const running = await startServer(config, { logger: pino({ level: 'silent' }), print: () => undefined });
await running.ready;
const readyMs = performance.now() - started;
// No collection is forced: one could be forced on this thread only, not on a retrieval thread, and the
// two modes must be measured alike. Half a second lets the load's last work settle.
await sleep(500);
const residentMb = process.memoryUsage().rss / 1e6;

// A ready server answers: one search proves it, and a wrong mode would show.
const response = await fetch(`${running.url}/api/search`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '新质生产力', k: 1 }),
});
const body = /** @type {{ results?: unknown[] }} */ (await response.json());
const answered = response.ok && (body.results?.length ?? 0) === 1;
const threaded = running.state.engine?.retriever.constructor.name === 'ThreadedRetriever';
await running.close();
process.stdout.write(
  `${JSON.stringify({ thread: thread === 'true', threaded, readyMs: Math.round(readyMs), residentMb: Math.round(residentMb), answered })}\n`,
);
process.exit(0);
