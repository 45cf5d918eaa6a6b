// The names and figures of a question, found without a word list (CC-CEDICT's capitalised pinyin,
// English capitals), and the named gap the coverage evidence uses.
import { describe, expect, it } from 'vitest';
import { EMPTY_PROFILE } from '../../src/corpus/corpus-profile.ts';
import { analyzeQuery } from '../../src/retrieval/analyze-query.ts';
import { capitalisedRuns, namedGap, namedTerms, speakerWords } from '../../src/retrieval/named-terms.ts';
import { bilingualDictionary } from '../../src/translation/bilingual-dictionary.ts';

const CORPUS = new Set(['黑龙江', '江苏', '发展', '新质生产力', '产业', '工业']);
const lexicon = { has: (term: string) => CORPUS.has(term), idf: () => 1 };
// No profile: the speaker's name is known from the documents' author alone.
const speaker = speakerWords(['习近平'], bilingualDictionary());
const names = (question: string) => namedTerms(analyzeQuery(question, lexicon, '2026-11-30', EMPTY_PROFILE), bilingualDictionary(), speaker);
const gap = (question: string) => namedGap(names(question), (term) => CORPUS.has(term));

describe('names in a question', () => {
  it('finds Chinese proper nouns by the dictionary, not by a list, and leaves common words alone', () => {
    expect(names('澳门要如何发展新质生产力？').map((name) => name.label)).toEqual(['澳门']);
    expect(names('各地扎堆上马热门产业会带来什么风险？')).toEqual([]);
  });

  it('counts a name the corpus never mentions as a gap, and one it mentions as none', () => {
    expect(gap('澳门要如何发展新质生产力？')).toBe(1);
    expect(gap('江苏怎么发展新质生产力？')).toBe(0);
    expect(gap('新质生产力是什么？')).toBe(0);
  });

  it('follows a dictionary link from a city to the province the corpus names', () => {
    expect(gap('哈尔滨的工业怎么发展？')).toBe(0);
    expect(gap('When Xi visited the province whose capital is Harbin, what did he urge on industry?')).toBe(0);
  });

  it('treats Latin words and figures in a Chinese question as names', () => {
    expect(names('美国去年的GDP是多少？').map((name) => name.label)).toEqual(['美国', 'GDP']);
    expect(gap('怎样用Python读取3000个文件？')).toBe(1);
  });

  it("never counts the corpus's speaker as a topic", () => {
    expect(speaker).toEqual({ en: ['xi', 'jinping'], zh: ['习近平'] });
    expect(names('习近平在江苏讲了什么？').map((name) => name.label)).toEqual(['江苏']);
  });

  it('reads English names from capitals that do not open a sentence, and acronyms anywhere', () => {
    expect(capitalisedRuns('What role did Xi give Hong Kong and Macau? Which EU rules apply?')).toEqual(['Xi', 'Hong Kong', 'Macau', 'EU']);
    expect(capitalisedRuns("So what's this 'New thing' about?")).toEqual([]);
    expect(gap('What did Premier Li Qiang say about the Jiangsu delegation?')).toBe(0.5);
  });
});
