// A ready server with the retrieval thread against one without, on the same synthetic index: resident
// memory and time to ready, each start in a fresh process, the two modes alternating, medians compared.
// Standalone: `npx tsx bench/server-memory.ts [chunks] [rounds]` builds the index once and prints one JSON line.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config/config.ts';
import { loadCorpus } from '../src/corpus/load-corpus.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { percentile, round } from './stats.ts';
import { writeSyntheticCorpus } from './synthetic-corpus.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

interface Start {
  thread: boolean;
  threaded: boolean;
  readyMs: number;
  residentMb: number;
  answered: boolean;
}

export interface ServerMemoryResult {
  chunks: number;
  rounds: number;
  /** Medians over the rounds, per mode. */
  withThread: { readyMs: number; residentMb: number };
  withoutThread: { readyMs: number; residentMb: number };
  /** With the thread over without it. */
  serverMemoryRatio: number;
  serverReadyRatio: number;
  everyStart: Start[];
}

async function startOnce(corpusDir: string, indexDir: string, thread: boolean): Promise<Start> {
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'bench', 'server-ready-one.mjs'), corpusDir, indexDir, String(thread)], {
    cwd: ROOT,
    maxBuffer: 1024 * 1024,
  });
  const start = JSON.parse(stdout.trim().split('\n').at(-1)!) as Start;
  if (start.threaded !== thread || !start.answered) throw new Error(`a server started with RETRIEVAL_THREAD=${thread} did not serve as asked: ${stdout}`);
  return start;
}

/** Builds a synthetic index of about `chunks` chunks in `workDir`, then starts a server on it `rounds` times in each mode. */
export async function benchServerMemory(workDir: string, chunks: number, rounds: number): Promise<ServerMemoryResult> {
  const corpusDir = path.join(workDir, `memory-corpus-${chunks}`);
  const indexDir = path.join(workDir, `memory-index-${chunks}`);
  await writeSyntheticCorpus(corpusDir, await loadCorpus(path.join(ROOT, 'corpus')), { excerpts: chunks, excerptsPerFile: 500, seed: 20_241_124 });
  const { index } = await prepareIndex(loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDER: 'local' }));
  const chunkCount = index.manifest.counts.chunks;

  const everyStart: Start[] = [];
  // The server runs compiled JavaScript, as in production.
  await run('npm', ['run', 'build', '--silent'], { cwd: ROOT });
  for (let round = 0; round < rounds; round++) {
    // Alternating, and each round in the other order, so that drift on a shared machine falls on both modes.
    const order = round % 2 === 0 ? [true, false] : [false, true];
    for (const thread of order) everyStart.push(await startOnce(corpusDir, indexDir, thread));
  }
  const median = (thread: boolean, key: 'readyMs' | 'residentMb') =>
    percentile(
      everyStart.filter((start) => start.thread === thread).map((start) => start[key]),
      50,
    );
  const withThread = { readyMs: median(true, 'readyMs'), residentMb: median(true, 'residentMb') };
  const withoutThread = { readyMs: median(false, 'readyMs'), residentMb: median(false, 'residentMb') };
  await rm(indexDir, { recursive: true, force: true });
  await rm(corpusDir, { recursive: true, force: true });
  return {
    chunks: chunkCount,
    rounds,
    withThread,
    withoutThread,
    serverMemoryRatio: round(withThread.residentMb / withoutThread.residentMb),
    serverReadyRatio: round(withThread.readyMs / withoutThread.readyMs),
    everyStart,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const chunks = Number(process.argv[2] ?? 100_000);
  const rounds = Number(process.argv[3] ?? 3);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-memory-'));
  try {
    process.stdout.write(`${JSON.stringify(await benchServerMemory(workDir, chunks, rounds))}\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
