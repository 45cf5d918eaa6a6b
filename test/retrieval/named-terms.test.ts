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

  it('follows a city to its province through the English of its entry, and keeps the places within a name out of its forms', () => {
    // 苏州: "Suzhou, prefecture-level city in Jiangsu"; 南京: "…, capital of Jiangsu province 江蘇|江苏".
    expect(gap('他在苏州、南京所在的那个省讲了什么？')).toBe(0);
    // A lookup of "Anhui" also meets places said to lie in it; they are not what the name means.
    expect(names('What about Jiangsu?')[0]!.forms).toEqual(expect.arrayContaining(['江苏']));
    expect(names('What about Jiangsu?')[0]!.forms).not.toContain('丹徒');
  });

  it('finds a long name that jieba cuts into pieces, and a name whose entry opens with a note', () => {
    expect(names('粤港澳大湾区在发展新质生产力中承担什么角色？').map((name) => name.label)).toEqual(['粤港澳大湾区']);
    expect(gap('粤港澳大湾区在发展新质生产力中承担什么角色？')).toBe(1);
    // 人大: "(Chinese) National People's Congress (abbr. for …)".
    const withShortForm = (term: string) => term === '人大' || CORPUS.has(term);
    expect(namedGap(names('What did Xi tell the National People’s Congress?'), withShortForm)).toBe(0);
  });

  it('reads no name into a capital the dictionary knows only as a common word', () => {
    // "plan" is 计划 and 规划, no proper noun: the capitals mark a title's words, not a name the corpus must hold.
    expect(names('What does the Five-Year Plan say about industry?')).toEqual([]);
    expect(names('What did Xi say to the Jiangsu delegation?').map((name) => name.label)).toEqual(['Jiangsu']);
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
