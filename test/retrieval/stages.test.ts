// Each retrieval stage on its own, with hand-made inputs: fusion, collapse, rerank and its
// post-processors, coverage, and the matching the answer layer shares.
import { describe, expect, it } from 'vitest';
import type { Excerpt } from '../../src/corpus/types.ts';
import { analyzeQuery, type AnalyzedQuery } from '../../src/retrieval/analyze-query.ts';
import { collapseToExcerpts, type ExcerptCandidate } from '../../src/retrieval/collapse-to-excerpts.ts';
import { assessCoverage, coverage, weighConcepts } from '../../src/retrieval/coverage.ts';
import { findMatches, searchableText, sentenceScore, weighTerms } from '../../src/retrieval/find-matches.ts';
import { reciprocalRankFusion, relativeScoreFusion } from '../../src/retrieval/fuse.ts';
import { postProcessorsFor, rerank, type RerankContext } from '../../src/retrieval/rerank.ts';
import { EMPTY_PROFILE } from '../../src/corpus/corpus-profile.ts';
import { DEFAULT_RETRIEVAL_SETTINGS } from '../../src/retrieval/retrieval-settings.ts';

/** A lexicon that knows no term: enough for Chinese questions, which are never translated. */
const NO_LEXICON = { has: () => false, idf: () => 1 };

function excerpt(id: string, date: string, text = '文本。'): Excerpt {
  return { id, documentId: 'doc', section: 1, heading: '一', text, date, occasion: '讲话', attribution: '', speaker: undefined, documentTitle: '文集' };
}

function candidate(id: string, fused: number, options: { date?: string; text?: string; inQuestionDates?: boolean } = {}): ExcerptCandidate {
  return {
    excerpt: excerpt(id, options.date ?? '2024-01-01', options.text),
    chunk: { id: `${id}:0`, start: 0, end: 1 },
    fused,
    lexical: 0,
    vector: 0,
    inQuestionDates: options.inQuestionDates ?? false,
  };
}

const ids = (candidates: readonly ExcerptCandidate[]) => candidates.map((entry) => entry.excerpt.id);

describe('fusion', () => {
  it('scales each side by its best hit, weighs them, and lists lexical hits before vector-only ones', () => {
    const fused = relativeScoreFusion(0.6)({
      lexical: [
        { label: 2, score: 8 },
        { label: 1, score: 4 },
      ],
      vector: [
        { label: 3, similarity: 0.5 },
        { label: 1, similarity: 0.25 },
      ],
    });
    expect(fused.map((chunk) => chunk.label)).toEqual([2, 1, 3]);
    expect(fused[0]!.fused).toBeCloseTo(0.6);
    expect(fused[1]!.fused).toBeCloseTo(0.6 * 0.5 + 0.4 * 0.5);
    expect(fused[2]).toMatchObject({ label: 3, lexical: 0, vector: 0.5 });
    expect(fused[2]!.fused).toBeCloseTo(0.4);
  });

  it('gives the vector side all the weight when no term matched', () => {
    const fused = relativeScoreFusion(0.6)({ lexical: [], vector: [{ label: 7, similarity: 0.3 }] });
    expect(fused).toEqual([{ label: 7, fused: 1, lexical: 0, vector: 0.3 }]);
  });

  it('by reciprocal rank scores 1 for first on both sides and about half for first on one', () => {
    const fused = reciprocalRankFusion(60)({
      lexical: [{ label: 1, score: 9 }],
      vector: [
        { label: 1, similarity: 0.9 },
        { label: 2, similarity: 0.8 },
      ],
    });
    expect(fused[0]!.fused).toBeCloseTo(1);
    expect(fused[1]!.fused).toBeCloseTo(1 / 62 / (2 / 61));
  });
});

describe('collapse to excerpts', () => {
  const chunks = [
    { id: 'a:0', start: 0, end: 5, excerptId: 'a' },
    { id: 'a:1', start: 5, end: 9, excerptId: 'a' },
    { id: 'b:0', start: 0, end: 4, excerptId: 'b' },
  ];
  const excerpts = new Map([
    ['a', excerpt('a', '2024-03-01')],
    ['b', excerpt('b', '2025-01-01')],
  ]);
  const lookup = { chunkAt: (label: number) => chunks[label]!, excerptById: (id: string) => excerpts.get(id)! };

  it("keeps the best chunk of each excerpt and marks those within the question's dates", () => {
    const collapsed = collapseToExcerpts(
      [
        { label: 0, fused: 0.2, lexical: 1, vector: 0 },
        { label: 2, fused: 0.5, lexical: 2, vector: 0 },
        { label: 1, fused: 0.9, lexical: 3, vector: 0.1 },
      ],
      lookup,
      { from: '2025-01-01', to: '2025-12-31' },
    );
    expect(collapsed.map(({ excerpt: { id }, chunk, fused, inQuestionDates }) => ({ id, chunk: chunk.id, fused, inQuestionDates }))).toEqual([
      { id: 'a', chunk: 'a:1', fused: 0.9, inQuestionDates: false },
      { id: 'b', chunk: 'b:0', fused: 0.5, inQuestionDates: true },
    ]);
  });
});

// The corpus's definition cues, and no senses: these tests are about the other post-processors.
const CONTEXT: RerankContext = {
  profile: { ...EMPTY_PROFILE, definitionCues: ['所谓', '是指', '本质是'] },
  senses: { concepts: () => [], haystack: (excerpt) => excerpt.text, senses: () => new Set() },
};

describe('rerank', () => {
  const query = (question: string): AnalyzedQuery => analyzeQuery(question, NO_LEXICON);
  const definitional = candidate('def', 0.5, { text: '所谓新质生产力，是指创新起主导作用，其本质是先进生产力。' });
  const plain = candidate('plain', 0.6);

  it('orders by score, equal scores by id, whatever the input order', () => {
    expect(ids(rerank([candidate('b', 0.5), candidate('c', 0.9), candidate('a', 0.5)], query('创新'), []))).toEqual(['c', 'a', 'b']);
  });

  it('lifts excerpts written as definitions for a question about what something is, and only then', () => {
    const processors = postProcessorsFor(DEFAULT_RETRIEVAL_SETTINGS, CONTEXT);
    expect(ids(rerank([plain, definitional], query('什么是新质生产力？'), processors))).toEqual(['def', 'plain']);
    expect(ids(rerank([plain, definitional], query('新质生产力如何发展？'), processors))).toEqual(['plain', 'def']);
    // Without the post-processor configured, the same question ranks by score alone.
    expect(
      ids(
        rerank(
          [plain, definitional],
          query('什么是新质生产力？'),
          postProcessorsFor({ ...DEFAULT_RETRIEVAL_SETTINGS, postProcessors: ['date-order'] }, CONTEXT),
        ),
      ),
    ).toEqual(['plain', 'def']);
  });

  it("puts excerpts within the question's dates first, and the latest relevant ones newest first", () => {
    const processors = postProcessorsFor(DEFAULT_RETRIEVAL_SETTINGS, CONTEXT);
    const inRange = candidate('dated', 0.2, { inQuestionDates: true });
    expect(ids(rerank([plain, inRange], query('2024年12月讲了什么？'), processors))).toEqual(['dated', 'plain']);
    expect(
      ids(rerank([plain, inRange], query('2024年12月讲了什么？'), postProcessorsFor({ ...DEFAULT_RETRIEVAL_SETTINGS, postProcessors: [] }, CONTEXT))),
    ).toEqual(['plain', 'dated']);

    const old = candidate('old', 0.9, { date: '2023-09-08' });
    const recent = candidate('recent', 0.5, { date: '2025-03-05' });
    const irrelevant = candidate('newest-but-weak', 0.1, { date: '2025-12-01' });
    expect(ids(rerank([old, recent, irrelevant], query('关于新质生产力最新的讲话'), processors))).toEqual(['recent', 'old', 'newest-but-weak']);
  });
});

describe('coverage', () => {
  const idf = (term: string) => (term === '\u0000' ? 5 : 2);
  const settings = DEFAULT_RETRIEVAL_SETTINGS;

  it("is the share of the question's concepts an excerpt contains, with partial credit for parts of a missing word", () => {
    const query = analyzeQuery('海洋经济', NO_LEXICON);
    const concepts = weighConcepts(query, idf, settings.untranslatedWeight);
    expect(coverage(concepts, { haystack: '要大力发展海洋经济。', datesMatched: false }, settings.datedCoverageFloor)).toBe(1);
    expect(coverage(concepts, { haystack: '天气晴朗。', datesMatched: false }, settings.datedCoverageFloor)).toBe(0);
    const partial = coverage(concepts, { haystack: '发展经济。', datesMatched: false }, settings.datedCoverageFloor);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1);
  });

  it("counts an excerpt within the question's dates as at least half covered", () => {
    const query = analyzeQuery('海洋经济', NO_LEXICON);
    const concepts = weighConcepts(query, idf, settings.untranslatedWeight);
    expect(coverage(concepts, { haystack: '天气晴朗。', datesMatched: true }, 0.5)).toBe(0.5);
  });

  it('says a question is not covered when no top excerpt holds its content, and answered when one holds all of it', () => {
    const query = analyzeQuery('海洋经济', NO_LEXICON);
    const corpus = { idf, has: (term: string) => term === '海洋经济' };
    const excerpt = (haystack: string, vectorSimilarity: number) => ({
      haystack,
      datesMatched: false,
      senses: new Set<string>(),
      vectorSimilarity,
      text: haystack,
    });
    const covered = assessCoverage(query, [excerpt('天气。', 0.1), excerpt('海洋经济。', 0.5)], corpus, settings);
    expect(covered.coverage).toBe('answered');
    expect(covered.evidence!.literalCoverage).toBe(1);
    const uncovered = assessCoverage(query, [excerpt('天气。', 0.05)], { idf, has: () => false }, settings);
    expect(uncovered.coverage).toBe('not_covered');
    expect(uncovered.covered).toBe(false);
    expect(assessCoverage(query, [], corpus, settings)).toEqual({ confidence: 0, covered: false, coverage: 'not_covered' });
  });
});

describe('matching, shared with the answer layer', () => {
  const text = '科技创新是核心。发展新质生产力要靠创新驱动。天气很好。';
  const terms = weighTerms(
    [
      { term: '创新', weight: 1 },
      { term: '新质生产力', weight: 0.5 },
    ],
    (term) => (term === '创新' ? 2 : 4),
  );

  it('weighs each term by its IDF', () => {
    expect(terms).toEqual([
      { term: '创新', weight: 2 },
      { term: '新质生产力', weight: 2 },
    ]);
  });

  it('scores a sentence by the distinct terms in it, and picks as best sentence the one scoring highest', () => {
    expect(sentenceScore(terms, '科技创新是核心。')).toBe(2);
    expect(sentenceScore(terms, '发展新质生产力要靠创新驱动。')).toBe(4);
    expect(sentenceScore(terms, '天气很好。')).toBe(0);
    const { matches, bestSentence } = findMatches(searchableText(text), terms);
    expect(text.slice(bestSentence.start, bestSentence.end)).toBe('发展新质生产力要靠创新驱动。');
    expect(matches.map((span) => text.slice(span.start, span.end))).toEqual(['创新', '新质生产力', '创新']);
  });
});
