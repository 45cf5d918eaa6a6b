import { copyFile, cp, readlink, rename, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExcerptStore } from '../../src/index/excerpt-store.ts';
import { EXACT_SEARCH_MAX } from '../../src/index/hnsw-vector-index.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { ThreadedRetriever } from '../../src/retrieval/threaded-retriever.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { EngineState } from '../../src/server/engine-state.ts';
import { IndexReloader } from '../../src/server/index-reloader.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { openSearchIndex, prepareIndex } from '../../src/setup/prepare-index.ts';
import { damageGraphLinks } from '../support/damage-index.ts';
import { CORPUS_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** `manyChunks`: more chunks than an exact scan serves, so that the graph answers searches (a bad neighbour id there is a segfault). */
async function setUp(options: { threads?: boolean; onLog?: (line: string) => void; manyChunks?: boolean } = {}) {
  const indexDir = await temporaryDirectory();
  const corpusDir = await temporaryDirectory();
  cleanups.push(indexDir.remove, corpusDir.remove);
  for (const copy of options.manyChunks ? ['a', 'b', 'c'] : ['']) await copyFile(CORPUS_FILE, path.join(corpusDir.path, `speeches${copy}.txt`));
  const chunking: Record<string, string> = options.manyChunks ? { CHUNK_MAX_CHARS: '50', CHUNK_OVERLAP_SENTENCES: '0' } : {};
  const config = { ...testConfig(indexDir.path, chunking), corpusDir: corpusDir.path };
  const engineFor = async (index: SearchIndex) => {
    if (!options.threads) return createOfflineEngine(index);
    const expectation = { embedderId: index.manifest.embedder.id, embedderDimensions: index.manifest.embedder.dimensions };
    const store = ExcerptStore.of(index);
    const threaded = await ThreadedRetriever.start(store, {
      indexDir: indexDir.path,
      ef: config.hnsw.ef,
      expectation,
      warmUpQuestions: [],
      onFailure: () => undefined,
      fallback: () => new HybridRetriever(index),
    });
    cleanups.push(async () => threaded?.close());
    return threaded ? createOfflineEngine({ store, retriever: threaded }) : createOfflineEngine(index);
  };
  const state = new EngineState();
  state.ready(await engineFor((await prepareIndex(config)).index));
  const reloader = new IndexReloader({
    indexDir: indexDir.path,
    state,
    logger: options.onLog ? pino({ level: 'error' }, { write: options.onLog }) : pino({ level: 'silent' }),
    pollMs: 60_000,
    environment: {},
    loadEngine: async () => engineFor(await openSearchIndex(config)),
  });
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
    expect(state.engine!.store.excerpts).toHaveLength(15);
    await reloader.check();
    expect(state.engine!.store.excerpts).toHaveLength(16);
  });

  it('gives a new build its own retrieval thread and lets the old one go', async () => {
    const { config, state, reloader, corpusDir } = await setUp({ threads: true });
    const previous = state.engine!.retriever;
    expect(previous).toBeInstanceOf(ThreadedRetriever);
    const closed = vi.spyOn(previous, 'close');
    await writeFile(path.join(corpusDir, 'ocean.txt'), NEW_DOCUMENT);
    await prepareIndex(config);
    await reloader.check();
    expect(closed).toHaveBeenCalledOnce();
    expect(state.engine!.retriever).toBeInstanceOf(ThreadedRetriever);
    const retrieval = await state.engine!.retriever.retrieve('海洋经济', { k: 1 });
    expect(retrieval.results[0]!.excerpt.text).toContain('要大力发展海洋经济');
  });

  it('re-ingests in a child process and swaps the result in, leaving out a file that does not parse; a failed re-ingest keeps the old index', async () => {
    const { state, reloader, corpusDir, indexDir } = await setUp();
    const environment = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, OPENAI_API_KEY: '', OPENAI_BASE_URL: '', EMBEDDER: 'local' };
    await writeFile(path.join(corpusDir, 'ocean.txt'), NEW_DOCUMENT);
    expect(await reloader.reingest(environment)).toBe(0);
    expect(state.engine!.store.excerpts).toHaveLength(16);

    // A file that does not parse: the child exits 1, and what it published (the other files) is served.
    await writeFile(path.join(corpusDir, 'broken.txt'), '标题\n\n一\n\n没有出处。\n');
    const before = state.engine;
    expect(await reloader.reingest(environment)).toBe(1);
    expect(state.engine).not.toBe(before);
    expect(state.engine!.store.excerpts).toHaveLength(16);
    expect(state.engine!.store.manifest.skipped?.map((file) => file.sourceFile)).toEqual(['broken.txt']);

    // Nothing parses: nothing is published, and the index served stays.
    for (const name of ['speeches.txt', 'ocean.txt']) await writeFile(path.join(corpusDir, name), '标题\n\n一\n\n没有出处。\n');
    const served = state.engine;
    expect(await reloader.reingest(environment)).toBe(1);
    expect(state.engine).toBe(served);
  }, 60_000);

  it('refuses a damaged build published while serving, keeps serving, does not retry it, and a restart rebuilds', async () => {
    const logged: string[] = [];
    const { config, state, reloader, indexDir } = await setUp({ threads: true, onLog: (line) => logged.push(line), manyChunks: true });
    const served = state.engine;
    expect(served!.store.manifest.counts.chunks).toBeGreaterThan(EXACT_SEARCH_MAX);
    // A copy of the current build, published with its graph damaged after its checksums were recorded.
    const good = path.resolve(indexDir, await readlink(path.join(indexDir, 'current')));
    const damaged = `${good}-copy`;
    await cp(good, damaged, { recursive: true });
    await damageGraphLinks(path.join(damaged, 'vectors.hnsw'));
    await symlink(damaged, path.join(indexDir, '.current-swap'));
    await rename(path.join(indexDir, '.current-swap'), path.join(indexDir, 'current'));

    for (let poll = 0; poll < 3; poll++) await reloader.check();
    expect(state.engine).toBe(served);
    expect((await state.engine!.retriever.retrieve('绿色发展', { k: 1 })).results).toHaveLength(1);
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({
      msg: 'a new index could not be loaded; still serving the previous one until another build is published',
      err: { message: expect.stringMatching(/vectors\.hnsw does not match the checksum/u) },
    });

    const restarted = await prepareIndex(config);
    expect(restarted.built).toBe(true);
    await reloader.check();
    expect(state.engine).not.toBe(served);
    expect(state.engine!.store.manifest.builtAt).toBe(restarted.index.manifest.builtAt);
  });
});
