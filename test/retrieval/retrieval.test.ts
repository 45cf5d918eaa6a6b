import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { parseDateIntent } from '../../src/dates/parse-date-intent.ts';

const findChineseDates = (question: string) => parseDateIntent(question, { today: '2026-11-30' });
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { temporaryDirectory, testConfig } from '../support/temporary-index.ts';

let retriever: HybridRetriever;
let removeIndex: () => Promise<void>;

beforeAll(async () => {
  const directory = await temporaryDirectory();
  removeIndex = directory.remove;
  const { index } = await prepareIndex(testConfig(directory.path));
  retriever = new HybridRetriever(index);
});
afterAll(() => removeIndex());

describe('retrieval results', () => {
  it('carry the excerpt metadata, a score and the offsets of the matched text', async () => {
    const { results, covered } = await retriever.retrieve('新质生产力的显著特点是什么？', { k: 3 });
    expect(covered).toBe(true);
    const [top] = results;
    expect(top!.excerpt.id).toBe('new-quality-productive-forces-3');
    expect(top!.excerpt.date).toBe('2024-01-31');
    expect(top!.score).toBe(1);
    expect(top!.excerpt.text.slice(top!.bestSentence.start, top!.bestSentence.end)).toMatch(/^新质生产力的显著特点是创新/u);
    // The question's words are found in the excerpt, and every span named is one of them.
    const matched = top!.matches.map((match) => top!.excerpt.text.slice(match.start, match.end));
    expect(matched.length).toBeGreaterThan(0);
    for (const text of matched) expect(text).toMatch(/新质|生产|特点|显著/u);
    expect(matched.join('')).toContain('显著');
    expect(new Set(results.map((result) => result.excerpt.id)).size).toBe(results.length);
  });

  it('answers "What is/are X?" about one concept with the excerpt that defines it, as 什么是X does', async () => {
    for (const question of ['What are new quality productive forces?', 'What is new quality productive force?', '什么是新质生产力？']) {
      expect((await retriever.retrieve(question, { k: 1 })).results[0]!.excerpt.section, question).toBe(3);
    }
    // A question about a property of the concept is not a request for its definition.
    const path = await retriever.retrieve('What is the basic path for developing new quality productive forces?', { k: 3 });
    expect(path.results.map((result) => result.excerpt.section)).toContain(14);
  });

  it('converts a Traditional Chinese question to Simplified before searching', async () => {
    const traditional = await retriever.retrieve('新質生產力的顯著特點是什麼？', { k: 3 });
    const simplified = await retriever.retrieve('新质生产力的显著特点是什么？', { k: 3 });
    expect(traditional.query.simplified).toBe('新质生产力的显著特点是什么？');
    expect(traditional.results.map((result) => result.excerpt.id)).toEqual(simplified.results.map((result) => result.excerpt.id));
  });

  it('applies date-range, occasion and document filters', async () => {
    const dated = await retriever.retrieve('传统产业', { k: 15, filters: { from: '2025-01-01', to: '2025-12-31' } });
    expect(dated.results.map((result) => result.excerpt.section).sort((a, b) => a - b)).toEqual([14, 15]);
    const occasion = await retriever.retrieve('发展新质生产力', { k: 15, filters: { occasion: '江苏代表团' } });
    expect(occasion.results.map((result) => result.excerpt.section).sort((a, b) => a - b)).toEqual([6, 14]);
    const none = await retriever.retrieve('发展新质生产力', { k: 15, filters: { documentIds: ['another-document'] } });
    expect(none.results).toEqual([]);
  });

  it('ranks excerpts from the month a question names first', async () => {
    const december = await retriever.retrieve('2024年12月关于传统产业说了什么？', { k: 5 });
    expect(december.results[0]!.excerpt.date).toBe('2024-12-11');
    const march = await retriever.retrieve('2025年3月讲了什么？', { k: 5 });
    expect(march.results[0]!.excerpt.section).toBe(14);
    expect(march.covered).toBe(true);
  });

  it('says a question the corpus does not cover is not covered', async () => {
    const weather = await retriever.retrieve('明天北京的天气怎么样？');
    expect(weather.covered).toBe(false);
    expect(weather.coverage).toBe('not_covered');
    expect(weather.evidence!.corpusCoverage).toBeLessThan(0.2);
    const covered = await retriever.retrieve('新质生产力的显著特点是什么？');
    expect(covered.coverage).toBe('answered');
    expect(covered.confidence).toBeGreaterThan(weather.confidence);
  });
});

describe('Chinese date expressions', () => {
  it('read a year, a month, a day, and "since"', () => {
    expect(findChineseDates('2024年说了什么').range).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(findChineseDates('2024年2月').range).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(findChineseDates('2024 年 12 月 11 日').range).toEqual({ from: '2024-12-11', to: '2024-12-11' });
    expect(findChineseDates('2024年3月以来').range).toEqual({ from: '2024-03-01', to: undefined });
    expect(findChineseDates('2025年以前').range).toEqual({ from: undefined, to: '2024-12-31' });
    expect(findChineseDates('最新的讲话').order).toBe('latest');
    expect(findChineseDates('没有日期').range).toBeUndefined();
  });
});
