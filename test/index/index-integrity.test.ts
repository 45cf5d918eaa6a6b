import { copyFile, mkdir, readFile, readdir, readlink, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { EXACT_SEARCH_MAX } from '../../src/index/hnsw-vector-index.ts';
import { INDEX_FORMAT_VERSION } from '../../src/index/manifest.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { openSearchIndex, prepareIndex } from '../../src/setup/prepare-index.ts';
import { damageGraphLinks } from '../support/damage-index.ts';
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
async function currentBuild(indexDir: string) {
  return path.resolve(indexDir, await readlink(path.join(indexDir, 'current')));
}
/** An index built and on disk; `rebuild` runs prepareIndex again and says why it rebuilt. */
async function builtIndex(environment: Record<string, string> = {}) {
  const indexDir = await scratch();
  const config = testConfig(indexDir, environment);
  await prepareIndex(config);
  const rebuild = async () => {
    const reasons: string[] = [];
    const prepared = await prepareIndex(config, { onRebuild: (reason) => reasons.push(reason) });
    return { ...prepared, reasons };
  };
  return { indexDir, config, rebuild, buildDir: await currentBuild(indexDir) };
}

describe('a damaged index', () => {
  it('with damaged graph links is refused, naming the file, before hnswlib reads it; the next start rebuilds it', async () => {
    // Enough chunks that the graph, not a scan, answers searches: there a bad neighbour id is a segfault.
    const corpusDir = await scratch();
    for (const copy of ['a', 'b', 'c']) await copyFile(CORPUS_FILE, path.join(corpusDir, `speeches-${copy}.txt`));
    const indexDir = await scratch();
    const config = { ...testConfig(indexDir, { CHUNK_MAX_CHARS: '50', CHUNK_OVERLAP_SENTENCES: '0' }), corpusDir };
    const { index } = await prepareIndex(config);
    expect(index.manifest.counts.chunks).toBeGreaterThan(EXACT_SEARCH_MAX);
    await damageGraphLinks(path.join(await currentBuild(indexDir), 'vectors.hnsw'));

    const error = await openSearchIndex(config).catch((caught: unknown) => caught);
    expect(isAppError(error, 'index_corrupt')).toBe(true);
    expect((error as Error).message).toMatch(
      /is damaged: vectors\.hnsw does not match the checksum recorded when it was written; run `npm run ingest` to rebuild it$/u,
    );

    const reasons: string[] = [];
    const prepared = await prepareIndex(config, { onRebuild: (reason) => reasons.push(reason) });
    expect(prepared.built).toBe(true);
    expect(reasons).toEqual([expect.stringMatching(/^the index on disk cannot be used \(.*vectors\.hnsw does not match/u)]);
    const reopened = await openSearchIndex(config);
    const retrieval = await new HybridRetriever(reopened).retrieve('新质生产力的显著特点', { k: 3 });
    expect(retrieval.results).toHaveLength(3);
  });

  it('with a truncated or missing file is refused by size, naming the file', async () => {
    const { config, buildDir } = await builtIndex();
    await truncate(path.join(buildDir, 'chunks.jsonl'), 10);
    await expect(openSearchIndex(config)).rejects.toThrow(/chunks\.jsonl has 10 bytes where \d+ were written/u);
    await rm(path.join(buildDir, 'excerpts.jsonl'));
    await expect(openSearchIndex(config)).rejects.toThrow(/excerpts\.jsonl is missing/u);
  });

  it('is rebuilt by the next prepare whatever state the index folder is in', async () => {
    const states: Array<[string, (indexDir: string, buildDir: string) => Promise<void>]> = [
      ['garbage manifest', (_indexDir, buildDir) => writeFile(path.join(buildDir, 'manifest.json'), '{ not json')],
      ['missing manifest', (_indexDir, buildDir) => rm(path.join(buildDir, 'manifest.json'))],
      ['current points at a deleted build', (_indexDir, buildDir) => rm(buildDir, { recursive: true })],
      [
        'current is a folder',
        async (indexDir) => {
          await rm(path.join(indexDir, 'current'));
          await mkdir(path.join(indexDir, 'current'));
        },
      ],
      [
        'builds is a file',
        async (indexDir) => {
          await rm(path.join(indexDir, 'builds'), { recursive: true });
          await writeFile(path.join(indexDir, 'builds'), 'x');
        },
      ],
      [
        'a manifest that names a file outside its build',
        async (_indexDir, buildDir) => {
          const manifest = JSON.parse(await readFile(path.join(buildDir, 'manifest.json'), 'utf8'));
          manifest.files['../../../etc/passwd'] = { bytes: 1, sha256: '0'.repeat(64) };
          await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify(manifest));
        },
      ],
    ];
    for (const [state, damage] of states) {
      const { indexDir, buildDir, rebuild } = await builtIndex();
      await damage(indexDir, buildDir);
      const { built, reasons, index } = await rebuild();
      expect({ state, built, reasons: reasons.length }).toEqual({ state, built: true, reasons: 1 });
      expect(reasons[0]).toMatch(/^the index on disk cannot be used/u);
      expect(index.excerpts).toHaveLength(15);
      expect((await rebuild()).built).toBe(false);
    }
  });

  it('written by an older version, without checksums, is rebuilt', async () => {
    const { buildDir, rebuild } = await builtIndex();
    const manifest = JSON.parse(await readFile(path.join(buildDir, 'manifest.json'), 'utf8'));
    delete manifest.files;
    manifest.formatVersion = 2;
    await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify(manifest));
    expect((await rebuild()).reasons).toEqual([`index format 2 is not the current ${INDEX_FORMAT_VERSION}`]);
  });

  it('of format 3, whose excerpts have no speaker or document title, is rebuilt and then has them', async () => {
    const { buildDir, rebuild, config } = await builtIndex();
    const manifest = JSON.parse(await readFile(path.join(buildDir, 'manifest.json'), 'utf8'));
    manifest.formatVersion = 3;
    await writeFile(path.join(buildDir, 'manifest.json'), JSON.stringify(manifest));
    await expect(openSearchIndex(config)).rejects.toThrow(/has format 3, not the current .*npm run ingest/u);
    const { reasons, index } = await rebuild();
    expect(reasons).toEqual([`index format 3 is not the current ${INDEX_FORMAT_VERSION}`]);
    const reopened = await openSearchIndex(config);
    for (const excerpts of [index.excerpts, reopened.excerpts]) {
      expect(excerpts[0]).toMatchObject({ speaker: '习近平', documentTitle: '因地制宜发展新质生产力' });
    }
  });
});

describe('what killed ingests leave', () => {
  it('is removed by the next ingest, whether it rebuilds or finds the index current, while a running ingest keeps its folder', async () => {
    const { indexDir, config } = await builtIndex();
    // No process has pid 2^22 + 1 (above Linux's pid_max of 2^22).
    const dead = '.tmp-2026-01-01T00-00-00-000Z-4194305-abc123';
    const running = `.tmp-2026-01-01T00-00-00-000Z-${process.pid}-def456`;
    for (const force of [false, true]) {
      for (const name of [dead, running]) await mkdir(path.join(indexDir, 'builds', name), { recursive: true });
      await symlink('builds/nowhere', path.join(indexDir, '.current-2026-01-01T00-00-00-000Z-4194305-abc123'));
      const { built } = await prepareIndex(config, { force });
      expect(built).toBe(force);
      const builds = await readdir(path.join(indexDir, 'builds'));
      expect({ force, running: builds.includes(running), dead: builds.includes(dead) }).toEqual({ force, running: true, dead: false });
      expect({ force, entries: (await readdir(indexDir)).sort() }).toEqual({ force, entries: ['builds', 'current'] });
    }
  });
});
