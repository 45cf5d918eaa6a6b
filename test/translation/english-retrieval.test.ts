import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import profile from '../../corpus/profile.json' with { type: 'json' };
import { collectAnswer } from '../../src/answer/collect-answer.ts';
import { parseDateIntent } from '../../src/dates/parse-date-intent.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { createOfflineEngine } from '../../src/setup/create-answerer.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { bilingualDictionary } from '../../src/translation/bilingual-dictionary.ts';
import { inflectionStem } from '../../src/translation/inflection.ts';
import { translateEnglish } from '../../src/translation/translate-query.ts';
import { CORPUS_FILE, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

// A document on topics the corpus never touches, to show that translation works from the dictionary,
// not from the domain phrase table.
const NEW_DOCUMENT = `农业与海洋

某作者

一

要把粮食安全作为头等大事，稳定粮食播种面积，加强耕地保护，守住耕地红线。

（2024年9月10日在某省考察时的讲话）

二

要加快建设农业强国，推进乡村全面振兴，千方百计增加农民收入。

（2024年11月2日在农村工作会议上的讲话）

三

要大力发展海洋经济，保护海洋生态环境，加快建设海洋强国。

（2025年1月5日在沿海地区座谈会上的讲话）
`;

let index: SearchIndex;
let retriever: HybridRetriever;
const findEnglishDates = (question: string) => parseDateIntent(question, { today: '2026-11-30' });

const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const indexDir = await temporaryDirectory();
  const corpusDir = await temporaryDirectory();
  cleanups.push(indexDir.remove, corpusDir.remove);
  await copyFile(CORPUS_FILE, path.join(corpusDir.path, 'new-quality-productive-forces.txt'));
  await copyFile(path.join(path.dirname(CORPUS_FILE), 'profile.json'), path.join(corpusDir.path, 'profile.json'));
  await writeFile(path.join(corpusDir.path, 'agriculture-and-oceans.txt'), NEW_DOCUMENT);
  ({ index } = await prepareIndex({ ...testConfig(indexDir.path), corpusDir: corpusDir.path }));
  retriever = new HybridRetriever(index);
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('English questions over the Chinese corpus, offline', () => {
  it('find a new document through the dictionary alone, without the domain phrase table', async () => {
    const domainTerms = new Set(Object.values(profile.domainPhrases).flat());
    const cases: Array<[string, number]> = [
      ['How should arable land be protected?', 1],
      ["How can farmers' income be raised?", 2],
      ['How should the ocean economy develop?', 3],
    ];
    for (const [question, section] of cases) {
      const retrieval = await retriever.retrieve(question, { k: 3 });
      expect(retrieval.covered).toBe(true);
      expect(retrieval.results[0]!.excerpt.id).toBe(`agriculture-and-oceans-${section}`);
      for (const concept of retrieval.query.translation!.concepts) for (const { term } of concept.terms) expect(domainTerms.has(term)).toBe(false);
    }
  });

  it('prefer phrases to single words and keep only terms the corpus uses', () => {
    const lexicon = index.lexical;
    const translation = translateEnglish('traditional industries and science and technology', lexicon, index.profile);
    expect(translation.concepts.map((concept) => concept.english)).toEqual(['traditional industries', 'science technology']);
    expect(translation.concepts[0]!.terms[0]!.term).toBe('传统产业');
    expect(translation.concepts[1]!.terms.map(({ term }) => term)).toContain('科技');
    for (const concept of translation.concepts) for (const { term } of concept.terms) expect(lexicon.has(term)).toBe(true);
    expect(translateEnglish('productive forces', lexicon, index.profile).concepts[0]!.terms[0]!.term).toBe('生产力');
  });

  it("read a word the dictionary glosses only with one more word, and never through a gloss's negation", () => {
    // CC-CEDICT glosses 西部 "western part" and 西部片 "western (film)", which the corpus lacks.
    const western = translateEnglish('western provinces', index.lexical, index.profile, bilingualDictionary(), { twoWordGloss: 0.5 });
    expect(western.concepts.map((concept) => concept.english)).toEqual(['western']);
    expect(western.concepts[0]!.terms.map(({ term }) => term)).toContain('西部');
    expect(western.concepts[0]!.terms.every(({ weight }) => weight <= 0.5)).toBe(true);
    // Without the fallback the word stays untranslated.
    expect(translateEnglish('western provinces', index.lexical, index.profile).untranslated).toContain('western');
    // 不好 is glossed "no good": without "no" it would translate "good" into its opposite.
    expect(bilingualDictionary().lookup('good')).not.toContain('不好');
    expect(bilingualDictionary().lookup('good')).toContain('好');
  });

  it('list first the headwords whose main meaning the word is: new is 新 before 信息, which means news only after information', () => {
    const headwords = bilingualDictionary().lookup('new');
    expect(headwords.indexOf('新')).toBeGreaterThanOrEqual(0);
    expect(headwords.indexOf('新')).toBeLessThan(headwords.indexOf('信息'));
  });

  it('use both the Chinese and the English of a mixed question', async () => {
    const retrieval = await retriever.retrieve('What does 新质生产力 mean for green development?', { k: 3 });
    const terms = retrieval.query.terms.map(({ term }) => term);
    expect(terms).toEqual(expect.arrayContaining(['新质', '生产力', '绿色']));
    expect(retrieval.results[0]!.excerpt.section).toBe(5);
  });
});

describe('English time expressions', () => {
  it('become the same date filters as their Chinese equivalents', () => {
    expect(findEnglishDates('What was said in December 2024?').range).toEqual({ from: '2024-12-01', to: '2024-12-31' });
    expect(findEnglishDates('in 2025').range).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(findEnglishDates('since March 2024').range).toEqual({ from: '2024-03-01', to: undefined });
    expect(findEnglishDates('on 24 June 2024').range).toEqual({ from: '2024-06-24', to: '2024-06-24' });
    expect(findEnglishDates('before 2024').range).toEqual({ from: undefined, to: '2023-12-31' });
    expect(findEnglishDates('the latest remarks').order).toBe('latest');
  });

  it('rank the excerpts of the named month first, and "the latest" towards the newest', async () => {
    const december = await retriever.retrieve('What was said about traditional industries in December 2024?', { k: 3 });
    expect(december.results[0]!.excerpt.date).toBe('2024-12-11');
    const latest = await retriever.retrieve('What are the latest remarks on new quality productive forces?', { k: 3 });
    expect(latest.results[0]!.excerpt.date >= '2025-01-01').toBe(true);
  });

  it('strip inflections but keep derivations apart', () => {
    expect(inflectionStem('industries')).toBe(inflectionStem('industry'));
    expect(inflectionStem('upgraded')).toBe(inflectionStem('upgrade'));
    expect(inflectionStem('capitalism')).not.toBe(inflectionStem('capital'));
  });
});

describe('offline answers to English questions', () => {
  it('open and list sources in English, with English dates, Chinese occasions and verbatim Chinese quotes', async () => {
    const { answerer } = createOfflineEngine(index);
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: 'Why are new quality productive forces green productive forces?' }]);
    const lines = final!.text.split('\n');
    expect(lines[0]).toMatch(/^The excerpts address this in (one speech|\d speeches); the passages below are quoted in the original Chinese:$/u);
    expect(final!.text).toContain('「绿色发展是高质量发展的底色，新质生产力本身就是绿色生产力。」');
    // Two documents by two speakers here: each source line names its speaker and document before the date.
    expect(final!.text).toMatch(/\nSources:\n\[\d\] 习近平 · 《因地制宜发展新质生产力》 · 31 January 2024, 在二十届中央政治局第十一次集体学习时的讲话/u);
    expect(final!.verification.unverifiedQuotes).toEqual([]);
  });

  it('abstain in English when nothing translates into the corpus', async () => {
    const { answerer } = createOfflineEngine(index);
    const { final } = await collectAnswer(answerer, [{ role: 'user', content: 'How tall is Mount Everest?' }]);
    expect(final!.abstained).toBe(true);
    expect(final!.citations).toEqual([]);
    expect(final!.text).toMatch(/^The excerpts in this collection do not address this question, so it cannot be answered from them\./u);
  });
});
