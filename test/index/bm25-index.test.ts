import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../src/index/bm25-index.ts';

/** BM25 written the plain way, to check the typed-array and top-k version against. */
function plainBm25(documents: string[][], query: Array<{ term: string; weight: number }>, k: number) {
  const k1 = 1.2;
  const b = 0.75;
  const average = documents.reduce((sum, terms) => sum + terms.length, 0) / documents.length;
  const frequency = (term: string) => documents.filter((terms) => terms.includes(term)).length;
  const scored = documents.map((terms, label) => {
    let score = 0;
    for (const { term, weight } of query) {
      const count = terms.filter((candidate) => candidate === term).length;
      if (count === 0 || weight <= 0) continue;
      const df = frequency(term);
      const idf = Math.max(0.01, Math.log(1 + (documents.length - df + 0.5) / (df + 0.5)));
      score += (weight * idf * count * (k1 + 1)) / (count + k1 * (1 - b + (b * terms.length) / average));
    }
    return { label, score };
  });
  return {
    scores: scored.map((hit) => hit.score),
    top: scored
      .filter((hit) => hit.score > 0)
      .sort((left, right) => right.score - left.score || left.label - right.label)
      .slice(0, k),
  };
}

describe('the BM25 index', () => {
  it('ranks exactly as plain BM25 does, for any documents, query and k', () => {
    const term = fc.constantFrom('甲', '乙', '丙', '丁', '戊', '己');
    fc.assert(
      fc.property(
        fc.array(fc.array(term, { maxLength: 12 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.record({ term, weight: fc.constantFrom(0, 0.5, 1, 2) }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 10 }),
        (documents, query, k) => {
          const index = new Bm25Index();
          documents.forEach((terms, label) => index.add(label, terms));
          const fast = index.search(query, k);
          const plain = plainBm25(documents, query, k);
          // Documents whose scores tie in exact arithmetic may come in either order (impacts are
          // stored as 32-bit floats), so each hit must carry its document's true score, and the
          // scores must be those of the true top k, in order.
          expect(fast).toHaveLength(plain.top.length);
          fast.forEach((hit, position) => {
            expect(hit.score).toBeCloseTo(plain.scores[hit.label]!, 5);
            expect(hit.score).toBeCloseTo(plain.top[position]!.score, 5);
          });
          // Searching twice gives the same answer: the reused score buffer is cleared.
          expect(index.search(query, k)).toEqual(fast);
        },
      ),
      // This counterexample, two documents with exactly equal scores, once failed the old label-order check.
      {
        numRuns: 300,
        examples: [
          [
            [
              [...'甲甲戊甲戊甲'],
              [...'甲甲甲甲甲甲甲甲甲甲'],
              [...'甲甲甲戊戊甲戊甲甲甲'],
              [...'甲甲甲甲甲甲甲甲甲'],
              [...'甲甲甲甲'],
              [...'甲甲甲'],
              [...'甲甲甲甲甲甲甲'],
              [],
              [...'甲甲甲甲甲'],
            ],
            [{ term: '戊', weight: 1 }],
            1,
          ],
        ],
      },
    );
  });

  it('applies a filter before ranking', () => {
    const index = new Bm25Index();
    index.add(0, ['甲', '甲']);
    index.add(1, ['甲']);
    index.add(2, ['乙']);
    expect(index.search([{ term: '甲', weight: 1 }], 5, (label) => label !== 0).map((hit) => hit.label)).toEqual([1]);
  });
});
