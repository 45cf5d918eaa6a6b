import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineState } from '../../src/server/engine-state.ts';
import { IndexReloader } from '../../src/server/index-reloader.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { openSearchIndex, prepareIndex } from '../../src/setup/prepare-index.ts';
import { CORPUS_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setUp() {
  const indexDir = await temporaryDirectory();
  const corpusDir = await temporaryDirectory();
  cleanups.push(indexDir.remove, corpusDir.remove);
  await copyFile(CORPUS_FILE, path.join(corpusDir.path, 'speeches.txt'));
  const config = { ...testConfig(indexDir.path), corpusDir: corpusDir.path };
  const state = new EngineState();
  state.ready(createOfflineEngine((await prepareIndex(config)).index));
  const reloader = new IndexReloader({ indexDir: indexDir.path, state, logger: pino({ level: 'silent' }), pollMs: 60_000, environment: {}, loadEngine: async () => createOfflineEngine(await openSearchIndex(config)) });
  await reloader.start();
  cleanups.push(async () => reloader.stop());
  return { config, state, reloader, corpusDir: corpusDir.path, indexDir: indexDir.path };
}

const NEW_DOCUMENT = '\n新增文件\n\n一\n\n要大力发展海洋经济。\n\n（2025年6月1日在沿海地区座谈会上的讲话）\n';

describe('swapping in a new index while serving', () => {
  it('leaves the engine alone while the build on disk is the one being served', async () => {
    const { state, reloader } = await setUp();
    const before = state.engine;
    await reloader.check();
    expect(state.engine).toBe(before);
  });

  it('swaps in a build published by another process, whole', async () => {
    const { config, state, reloader, corpusDir } = await setUp();
    await writeFile(path.join(corpusDir, 'ocean.txt'), NEW_DOCUMENT);
    await prepareIndex(config);
    expect(state.engine!.retriever.searchIndex.excerpts).toHaveLength(15);
    await reloader.check();
    expect(state.engine!.retriever.searchIndex.excerpts).toHaveLength(16);
  });

  it('re-ingests in a child process and swaps the result in; a failed re-ingest keeps the old index', async () => {
    const { state, reloader, corpusDir, indexDir } = await setUp();
    const environment = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EMBEDDER: 'local' };
    await writeFile(path.join(corpusDir, 'ocean.txt'), NEW_DOCUMENT);
    expect(await reloader.reingest(environment)).toBe(0);
    expect(state.engine!.retriever.searchIndex.excerpts).toHaveLength(16);

    await writeFile(path.join(corpusDir, 'broken.txt'), '标题\n\n一\n\n没有出处。\n');
    const served = state.engine;
    expect(await reloader.reingest(environment)).toBe(1);
    expect(state.engine).toBe(served);
  }, 60_000);
});
