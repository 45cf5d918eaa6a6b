import { appendFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { openExcerptStore, prepareIndex } from '../../src/setup/prepare-index.ts';
import { temporaryDirectory, testConfig } from '../support/temporary-index.ts';

let index: SearchIndex;
let indexDir: string;
let remove: () => Promise<void>;

beforeAll(async () => {
  ({ path: indexDir, remove } = await temporaryDirectory());
  ({ index } = await prepareIndex(testConfig(indexDir)));
});
afterAll(() => remove());

describe('the excerpt store', () => {
  it('loads the excerpts, documents and manifest of the index on disk, and finds excerpts and titles', async () => {
    const store = await openExcerptStore(testConfig(indexDir));
    expect(store.manifest).toEqual(index.manifest);
    expect(store.documents).toEqual(index.documents);
    expect(store.excerpts).toEqual(index.excerpts);
    expect(store.excerpt('new-quality-productive-forces-3')?.date).toBe('2024-01-31');
    expect(store.excerpt('nowhere#1')).toBeUndefined();
    expect(store.documentTitle('new-quality-productive-forces')).toBe('因地制宜发展新质生产力');
    expect(store.documentTitle('unknown-document')).toBe('unknown-document');
  });

  it('is refused when any file of the build is damaged, even one it does not read, so that a start rebuilds it', async () => {
    const buildDir = path.resolve(indexDir, await readlink(path.join(indexDir, 'current')));
    await appendFile(path.join(buildDir, 'vectors.hnsw'), 'x');
    await expect(openExcerptStore(testConfig(indexDir))).rejects.toMatchObject({ code: 'index_corrupt', message: expect.stringMatching(/vectors\.hnsw/u) });
    const reasons: string[] = [];
    const rebuilt = await prepareIndex(testConfig(indexDir), { open: openExcerptStore, onRebuild: (reason) => reasons.push(reason) });
    expect(rebuilt.built).toBe(true);
    expect(reasons).toEqual([expect.stringMatching(/vectors\.hnsw/u)]);
    expect((await openExcerptStore(testConfig(indexDir))).excerpts).toHaveLength(index.excerpts.length);
  });
});
