import { copyFile, readdir, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { openSearchIndex, prepareIndex } from '../../src/setup/prepare-index.ts';
import { CORPUS_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
async function scratch() {
  const directory = await temporaryDirectory();
  cleanups.push(directory.remove);
  return directory.path;
}

const QUESTIONS = ['新质生产力的显著特点是什么？', '绿色发展', '东中西部科技创新合作', '未来产业投入增长机制'];

describe('the index on disk', () => {
  it('gives the same top-k after a save and a load as when freshly built', async () => {
    const config = testConfig(await scratch());
    const built = await prepareIndex(config);
    expect(built.built).toBe(true);
    const loaded = await openSearchIndex(config);
    expect(loaded.manifest).toEqual(built.index.manifest);
    for (const question of QUESTIONS) {
      const fresh = await new HybridRetriever(built.index).retrieve(question, { k: 5 });
      const reloaded = await new HybridRetriever(loaded).retrieve(question, { k: 5 });
      expect(reloaded.results.map((result) => [result.excerpt.id, result.score])).toEqual(fresh.results.map((result) => [result.excerpt.id, result.score]));
    }
  });

  it('is reused when nothing changed and rebuilt when the corpus or the embedder changes', async () => {
    const indexDir = await scratch();
    const corpusDir = await scratch();
    await copyFile(CORPUS_FILE, path.join(corpusDir, 'speeches.txt'));
    const config = { ...testConfig(indexDir), corpusDir };
    const reasons: string[] = [];
    const onRebuild = (reason: string) => reasons.push(reason);

    expect((await prepareIndex(config, { onRebuild })).built).toBe(true);
    expect((await prepareIndex(config, { onRebuild })).built).toBe(false);
    await writeFile(path.join(corpusDir, 'speeches.txt'), '\n\n标题\n\n一\n\n新的正文。\n\n（2025年1月1日在某会议上的讲话）\n');
    expect((await prepareIndex(config, { onRebuild })).built).toBe(true);
    expect((await prepareIndex({ ...config, embedder: { kind: 'local', dimensions: 64 } }, { onRebuild })).built).toBe(true);
    expect(reasons).toEqual(['there is no index yet', 'speeches.txt changed', 'the embedder changed']);
  });

  it('refuses to load an index built with another embedder, saying how to fix it', async () => {
    const indexDir = await scratch();
    await prepareIndex(testConfig(indexDir));
    const error = await openSearchIndex(testConfig(indexDir, { OPENAI_API_KEY: 'sk-test' })).catch((caught: unknown) => caught);
    expect(isAppError(error, 'index_mismatch')).toBe(true);
    expect((error as Error).message).toBe(
      'the index was built with embedder local-hashed-ngram-v2 (256 dimensions), but the configuration says openai:text-embedding-3-small: run `npm run ingest` to rebuild it, or set EMBEDDER back',
    );
    const resized = await openSearchIndex(testConfig(indexDir, { LOCAL_EMBEDDING_DIMENSIONS: '512' })).catch((caught: unknown) => caught);
    expect((resized as Error).message).toMatch(/asks for 512 dimensions: run `npm run ingest`/u);
  });

  it('says how to build an index when there is none', async () => {
    const error = await openSearchIndex(testConfig(await scratch())).catch((caught: unknown) => caught);
    expect(isAppError(error, 'index_missing')).toBe(true);
    expect((error as Error).message).toMatch(/run `npm run ingest`/u);
  });

  it('with strict, keeps the previous index whole when a corpus file does not parse; without, publishes the rest', async () => {
    const indexDir = await scratch();
    const corpusDir = await scratch();
    await copyFile(CORPUS_FILE, path.join(corpusDir, 'speeches.txt'));
    const config = { ...testConfig(indexDir), corpusDir };
    await prepareIndex(config);
    const before = await readlink(path.join(indexDir, 'current'));
    await writeFile(path.join(corpusDir, 'broken.txt'), '标题\n\n一\n\n没有出处的正文。\n');
    await expect(prepareIndex(config, { strict: true })).rejects.toThrow(
      /^1 corpus file\(s\) did not parse, so nothing was published \(--strict\):\n {2}broken\.txt:5: section 一 has no attribution/u,
    );
    expect(await readlink(path.join(indexDir, 'current'))).toBe(before);
    expect((await readdir(path.join(indexDir, 'builds'))).filter((name) => name.startsWith('.tmp'))).toEqual([]);
    expect((await openSearchIndex(config)).excerpts).toHaveLength(15);

    const published = await prepareIndex(config);
    expect({ built: published.built, skipped: published.skipped.map((failure) => failure.file) }).toEqual({ built: true, skipped: ['broken.txt'] });
    expect(await readlink(path.join(indexDir, 'current'))).not.toBe(before);
    expect((await openSearchIndex(config)).excerpts).toHaveLength(15);
    // Nothing changed since: the index is current, and still says what it left out.
    const again = await prepareIndex(config);
    expect({ built: again.built, skipped: again.skipped.map((failure) => failure.file) }).toEqual({ built: false, skipped: ['broken.txt'] });
  });

  it('publishes a new build by swapping the current link and removes the old build', async () => {
    const indexDir = await scratch();
    const config = testConfig(indexDir);
    await prepareIndex(config);
    const first = await readlink(path.join(indexDir, 'current'));
    await prepareIndex(config, { force: true });
    const second = await readlink(path.join(indexDir, 'current'));
    expect(second).not.toBe(first);
    expect(await readdir(path.join(indexDir, 'builds'))).toEqual([path.basename(second)]);
  });

  it('reports a damaged index as corrupt with the fix', async () => {
    const indexDir = await scratch();
    await prepareIndex(testConfig(indexDir));
    const buildDir = path.resolve(indexDir, await readlink(path.join(indexDir, 'current')));
    await writeFile(path.join(buildDir, 'manifest.json'), '{ not json');
    const error = await openSearchIndex(testConfig(indexDir)).catch((caught: unknown) => caught);
    expect(isAppError(error, 'index_corrupt')).toBe(true);
    expect((error as Error).message).toMatch(/run `npm run ingest` to rebuild it/u);
  });
});
