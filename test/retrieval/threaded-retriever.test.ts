import { cp } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readGoldSet } from '../../src/evaluation/gold-set.ts';
import { ExcerptStore } from '../../src/index/excerpt-store.ts';
import { currentBuildPath } from '../../src/index/index-files.ts';
import { HnswVectorIndex } from '../../src/index/hnsw-vector-index.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import type { Retrieval } from '../../src/retrieval/retriever.ts';
import { ThreadedRetriever, type ThreadSettings } from '../../src/retrieval/threaded-retriever.ts';
import { startServer } from '../../src/server/start-server.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { damageGraphLinks } from '../support/damage-index.ts';
import { GOLD_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

let index: SearchIndex;
let indexDir: string;
let removeIndex: () => Promise<void>;

beforeAll(async () => {
  const directory = await temporaryDirectory();
  indexDir = directory.path;
  removeIndex = directory.remove;
  ({ index } = await prepareIndex(testConfig(indexDir)));
});
afterAll(() => removeIndex());

function settings(onFailure: ThreadSettings['onFailure'] = () => undefined): ThreadSettings {
  return {
    indexDir,
    ef: 1300,
    expectation: { embedderId: index.manifest.embedder.id, embedderDimensions: index.manifest.embedder.dimensions },
    warmUpQuestions: [],
    onFailure,
    fallback: () => new HybridRetriever(index),
  };
}

/** What a caller sees of a retrieval: the excerpts by id, and everything else as it is. */
function visible(retrieval: Retrieval) {
  return {
    ...retrieval,
    results: retrieval.results.map(({ excerpt, ...result }) => ({
      ...result,
      excerptId: excerpt.id,
      sameObject: excerpt === index.excerptById.get(excerpt.id),
    })),
  };
}

describe('retrieval in a worker thread', () => {
  it('answers every gold question, with and without filters, exactly as the main thread does', async () => {
    const questions = (await readGoldSet(GOLD_FILE)).map((question) => question.q);
    const local = new HybridRetriever(index);
    const options = [{ k: 5 }, { k: 3, filters: { from: '2024-03-01', occasion: '讲话' } }];
    const expected: Retrieval[] = [];
    for (const question of questions) for (const option of options) expected.push(await local.retrieve(question, option));

    const threaded = await ThreadedRetriever.start(ExcerptStore.of(index), settings());
    expect(threaded).toBeInstanceOf(ThreadedRetriever);
    // The main thread's own retrieval is the fallback; it must not be what answers here.
    const mainThread = vi.spyOn(HybridRetriever.prototype, 'retrieve');
    const actual = await Promise.all(questions.flatMap((question) => options.map((option) => threaded!.retrieve(question, option))));
    expect(mainThread).not.toHaveBeenCalled();
    mainThread.mockRestore();
    expect(actual.map(visible)).toEqual(expected.map(visible));
    expect(actual.every((retrieval) => retrieval.results.every((result) => result.excerpt === index.excerptById.get(result.excerpt.id)))).toBe(true);
    await threaded!.close();
  });

  it('answers on the main thread, questions in flight included, when the thread dies', async () => {
    const failures: Error[] = [];
    const threaded = (await ThreadedRetriever.start(
      ExcerptStore.of(index),
      settings((error) => failures.push(error)),
    ))!;
    const expected = visible(await new HybridRetriever(index).retrieve('绿色发展', { k: 4 }));
    const inFlight = threaded.retrieve('绿色发展', { k: 4 });
    await (threaded as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(visible(await inFlight)).toEqual(expected);
    expect(visible(await threaded.retrieve('绿色发展', { k: 4 }))).toEqual(expected);
    expect(failures.map((error) => error.message)).toEqual([expect.stringMatching(/retrieval thread exited/u)]);
  });

  it('finishes the questions it has before closing, and answers later ones on the main thread', async () => {
    const threaded = (await ThreadedRetriever.start(ExcerptStore.of(index), settings()))!;
    const inFlight = threaded.retrieve('new quality productive forces', { k: 2 });
    const closed = threaded.close();
    expect((await inFlight).results).toHaveLength(2);
    await closed;
    expect((await threaded.retrieve('科技创新', { k: 2 })).results).toHaveLength(2);
  });

  it("starts beside the main thread's load, and gives up with it when that load fails", async () => {
    const threaded = await ThreadedRetriever.start(Promise.resolve(ExcerptStore.of(index)), settings());
    expect(threaded).toBeInstanceOf(ThreadedRetriever);
    await threaded!.close();
    await expect(ThreadedRetriever.start(Promise.reject(new Error('the index is corrupt')), settings())).rejects.toThrow('the index is corrupt');
  });

  it("trusts the main thread's checksums for the build it checked, and checks another build's itself", async () => {
    const checked = await ThreadedRetriever.start(ExcerptStore.of(index), { ...settings(), checksumsFromMain: true });
    expect((await checked!.retrieve('绿色发展', { k: 2 })).results).toHaveLength(2);
    await checked!.close();

    // A copy whose graph is damaged (its size unchanged), while the main thread's store is of another build.
    const copy = await temporaryDirectory();
    try {
      await cp(indexDir, copy.path, { recursive: true, verbatimSymlinks: true });
      await damageGraphLinks(path.join((await currentBuildPath(copy.path))!, 'vectors.hnsw'));
      const failures: Error[] = [];
      const otherBuild = ExcerptStore.of({ ...index, manifest: { ...index.manifest, builtAt: '2000-01-01T00:00:00.000Z' } });
      const started = await ThreadedRetriever.start(otherBuild, { ...settings((error) => failures.push(error)), indexDir: copy.path, checksumsFromMain: true });
      expect(started).toBeUndefined();
      expect(failures.map((error) => error.message)).toEqual([expect.stringContaining('vectors.hnsw does not match the checksum')]);
    } finally {
      await copy.remove();
    }
  });

  it('boots ahead without reading the index, and reads it once started', async () => {
    const { onFailure: _onFailure, fallback: _fallback, ...workerData } = settings();
    const booted = ThreadedRetriever.boot(workerData);
    const messages: unknown[] = [];
    booted.on('message', (message) => messages.push(message));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    // Reading the index would have ended in a ready or failed message by now.
    expect(messages).toEqual([]);
    const threaded = await ThreadedRetriever.start(ExcerptStore.of(index), { ...settings(), booted });
    expect((await threaded!.retrieve('绿色发展', { k: 2 })).results).toHaveLength(2);
    await threaded!.close();
  });

  it('declines an index that is no longer the one on disk', async () => {
    const failures: Error[] = [];
    const stale = ExcerptStore.of({ ...index, manifest: { ...index.manifest, builtAt: '2000-01-01T00:00:00.000Z' } });
    expect(
      await ThreadedRetriever.start(
        stale,
        settings((error) => failures.push(error)),
      ),
    ).toBeUndefined();
    expect(failures).toEqual([]);
  });
});

describe('the server', () => {
  for (const [setting, expected] of [
    ['true', ThreadedRetriever],
    ['false', HybridRetriever],
  ] as const) {
    it(`retrieves ${setting === 'true' ? 'in a thread' : 'on the main thread'} with RETRIEVAL_THREAD=${setting}`, async () => {
      const running = await startServer(testConfig(indexDir, { PORT: '0', RETRIEVAL_THREAD: setting }), {
        logger: pino({ level: 'silent' }),
        print: () => undefined,
      });
      await running.ready;
      expect(running.state.engine!.retriever.constructor).toBe(expected);
      const response = await fetch(`${running.url}/api/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '新质生产力的显著特点是什么？', k: 1 }),
      });
      expect(((await response.json()) as { results: Array<{ section: number }> }).results[0]!.section).toBe(3);
      await running.close();
    });
  }

  it('holds only the excerpt store on the main thread while the thread searches, and loads the index there only if the thread dies', async () => {
    const loads = vi.spyOn(HnswVectorIndex, 'load');
    const running = await startServer(testConfig(indexDir, { PORT: '0', RETRIEVAL_THREAD: 'true' }), {
      logger: pino({ level: 'silent' }),
      print: () => undefined,
    });
    await running.ready;
    const search = async () => {
      const response = await fetch(`${running.url}/api/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '新质生产力的显著特点是什么？', k: 1 }),
      });
      return ((await response.json()) as { results: Array<{ section: number }> }).results[0]!.section;
    };
    expect(await search()).toBe(3);
    expect((await fetch(`${running.url}/api/sources/new-quality-productive-forces-3`)).status).toBe(200);
    expect(loads).not.toHaveBeenCalled();

    await (running.state.engine!.retriever as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await search()).toBe(3);
    expect(loads).toHaveBeenCalledOnce();
    loads.mockRestore();
    await running.close();
  });
});
