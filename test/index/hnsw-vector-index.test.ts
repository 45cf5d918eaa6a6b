import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { afterEach, describe, expect, it } from 'vitest';
import { EXACT_SEARCH_MAX, HnswVectorIndex, type VectorHit } from '../../src/index/hnsw-vector-index.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

const DIMENSIONS = 32;
const SETTINGS = { m: 16, efConstruction: 200, ef: 400 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** Deterministic vectors (a linear congruential generator), not unit length: the index must normalise them. */
function vectors(count: number, seed: number): number[][] {
  let state = seed;
  const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
  return Array.from({ length: count }, () => Array.from({ length: DIMENSIONS }, next));
}

/** hnswlib itself, with ef far above the node count, so that its search is exhaustive. */
function hnswlibNeighbours(stored: number[][], query: number[], k: number): VectorHit[] {
  const reference = new hnswlib.HierarchicalNSW('cosine', DIMENSIONS);
  reference.initIndex(stored.length, 16, 200, 100);
  stored.forEach((vector, label) => reference.addPoint(vector, label));
  reference.setEf(stored.length * 4);
  const { neighbors, distances } = reference.searchKnn(query, k);
  return neighbors.map((label, position) => ({ label, similarity: 1 - distances[position]! }));
}

function build(stored: number[][]): HnswVectorIndex {
  const index = HnswVectorIndex.create(DIMENSIONS, stored.length, SETTINGS);
  stored.forEach((vector, label) => index.add(vector, label));
  return index;
}

function expectSameHits(actual: VectorHit[], expected: VectorHit[]) {
  expect(actual.map((hit) => hit.label)).toEqual(expected.map((hit) => hit.label));
  actual.forEach((hit, position) => expect(hit.similarity).toBeCloseTo(Math.max(0, expected[position]!.similarity), 5));
}

describe('vector search', () => {
  for (const count of [15, EXACT_SEARCH_MAX, EXACT_SEARCH_MAX + 1, 300]) {
    it(`finds the same nearest vectors as hnswlib at ${count} vectors, either side of the exact-scan limit`, () => {
      const stored = vectors(count, count);
      const index = build(stored);
      for (const query of vectors(10, 7)) expectSameHits(index.search(query, 10), hnswlibNeighbours(stored, query, 10));
    });
  }

  it('keeps to the filter and still returns the best k of what it admits', () => {
    const stored = vectors(40, 3);
    const index = build(stored);
    const even = (label: number) => label % 2 === 0;
    const [query] = vectors(1, 11);
    const hits = index.search(query!, 5, even);
    expect(hits).toHaveLength(5);
    expect(hits.every((hit) => even(hit.label))).toBe(true);
    const everyEven = index.search(query!, 40).filter((hit) => even(hit.label));
    expectSameHits(hits, everyEven.slice(0, 5));
  });

  it('answers the same after a save and a load', async () => {
    const directory = await temporaryDirectory();
    cleanups.push(directory.remove);
    for (const count of [20, EXACT_SEARCH_MAX + 30]) {
      const stored = vectors(count, count + 1);
      const index = build(stored);
      const file = path.join(directory.path, `vectors-${count}.bin`);
      await index.save(file);
      const loaded = await HnswVectorIndex.load(file, DIMENSIONS, SETTINGS.ef);
      expect(loaded.size).toBe(count);
      for (const query of vectors(5, 5)) expectSameHits(loaded.search(query, 8), index.search(query, 8));
    }
  });

  it('returns no more hits than it holds vectors', () => {
    const index = build(vectors(3, 9));
    expect(index.search(vectors(1, 2)[0]!, 10)).toHaveLength(3);
    expect(build([]).search(vectors(1, 2)[0]!, 10)).toEqual([]);
  });
});

describe('filtered vector search on a graph', () => {
  // Large enough that the filter's share is estimated on a sample and narrow filters take the graph's shortcuts.
  const stored = vectors(3000, 21);
  const index = build(stored);
  const queries = vectors(8, 13);
  /** The best k of what the filter admits, by exhaustive search. */
  const admittedNearest = (query: number[], k: number, admits: (label: number) => boolean) =>
    hnswlibNeighbours(stored, query, stored.length)
      .filter((hit) => admits(hit.label))
      .slice(0, k);

  it('finds nothing, quickly, when the filter admits nothing', () => {
    for (const query of queries) expect(index.search(query, 10, () => false)).toEqual([]);
  });

  it('compares the few admitted vectors exactly when the filter admits only a handful', () => {
    const few = new Set([6, 77, 1234, 2998]); // none on the sample's stride of 5
    const admits = (label: number) => few.has(label);
    for (const query of queries) expectSameHits(index.search(query, 10, admits), admittedNearest(query, 10, admits));
  });

  it('keeps to a wider filter and finds nearly all of its true nearest neighbours', () => {
    const admits = (label: number) => label % 7 === 0;
    let found = 0;
    for (const query of queries) {
      const hits = index.search(query, 10, admits);
      expect(hits).toHaveLength(10);
      expect(hits.every((hit) => admits(hit.label))).toBe(true);
      const truth = new Set(admittedNearest(query, 10, admits).map((hit) => hit.label));
      found += hits.filter((hit) => truth.has(hit.label)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
  });
});
