// Re-ingesting while serving: the server keeps answering while a child process rebuilds the index
// and the new one is loaded asynchronously and swapped in. The event loop's delay is sampled the
// whole time; its p99 and maximum are what a visitor would feel.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { loadCorpus } from '../src/corpus/load-corpus.ts';
import { startServer } from '../src/server/start-server.ts';
import { round } from './stats.ts';
import { writeSyntheticCorpus } from './synthetic-corpus.ts';

export async function benchReingest(workDir: string, chunks: number) {
  const corpusDir = path.join(workDir, 'reingest-corpus');
  const indexDir = path.join(workDir, 'reingest-index');
  await writeSyntheticCorpus(corpusDir, await loadCorpus(new URL('../corpus', import.meta.url).pathname), { excerpts: chunks, excerptsPerFile: 500, seed: 99 });
  const environment = {
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    PORT: '0',
    EMBEDDER: 'local',
    RATE_LIMIT_PER_MINUTE: '100000000',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    INDEX_POLL_MS: '3600000',
  };
  const running = await startServer(loadConfig(environment), { logger: pino({ level: 'silent' }), print: () => undefined });
  await running.ready;
  const before = running.state.engine!;
  try {
    // A changed corpus: one more file, so the child really rebuilds.
    const first = await readFile(path.join(corpusDir, 'synthetic-00001.txt'), 'utf8');
    await writeFile(path.join(corpusDir, 'synthetic-extra.txt'), first.replace('合成讲话摘录第1辑', '合成讲话摘录增补'));

    const delay = monitorEventLoopDelay({ resolution: 10 });
    let served = 0;
    let failed = 0;
    let serving = true;
    const load = (async () => {
      while (serving) {
        const response = await fetch(`${running.url}/api/search`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '新质生产力的显著特点', k: 5 }),
        }).catch(() => undefined);
        if (response?.ok) served++;
        else failed++;
        await response?.arrayBuffer();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    delay.enable();
    const started = performance.now();
    const code = await running.reloader.reingest({ ...process.env, ...environment });
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    serving = false;
    await load;
    return {
      chunks,
      childExitCode: code,
      swapped: running.state.engine !== before,
      reingestSeconds: round(seconds, 1),
      requestsServed: served,
      requestsFailed: failed,
      eventLoopDelayMs: { p50: round(delay.percentile(50) / 1e6, 1), p99: round(delay.percentile(99) / 1e6, 1), max: round(delay.max / 1e6, 1) },
    };
  } finally {
    await running.close();
  }
}
