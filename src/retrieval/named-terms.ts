// The names and figures in a question (places, people, organisations, products, amounts): the most
// specific content a question carries. A question about a name the corpus never mentions, under any
// of its forms or the places its dictionary entry links it to (哈尔滨 → 黑龙江), is unlikely to be
// covered, however many of its other words the corpus shares. Names are found without a word list:
// CC-CEDICT marks proper nouns by capitalised pinyin, English marks them by capitals.
import { stripQuestionPhrases } from '../text/query-words.ts';
import { segmentPrecise } from '../text/tokenizer.ts';
import type { BilingualDictionary } from '../translation/bilingual-dictionary.ts';
import { englishWords, phraseKey } from '../translation/english-words.ts';
import type { AnalyzedQuery } from './analyze-query.ts';

export interface NamedTerm {
  /** As written in the question. */
  label: string;
  /** Corpus terms any of which shows the corpus speaks of it. */
  forms: readonly string[];
  /** True when the question's translation already found it in the corpus. */
  translated: boolean;
}

const LATIN_RUN = /[A-Za-z][A-Za-z0-9'’&.-]*/gu;
// A figure on its own (3000, 2.5), not part of a word or an ordinal (15th, 5G).
const FIGURE = /(?<![A-Za-z\d.])\d+(?:\.\d+)?(?![A-Za-z\d])/gu;
const HAN_LETTER = /\p{Script=Han}/u;
// A headword a gloss cites, Traditional|Simplified or one form, with or without its pinyin.
const CITED_HAN = /(?:\p{Script=Han}+\|)?(\p{Script=Han}+)/gu;
// "city in Jiangsu", "capital of Heilongjiang province": the larger place a place lies in.
const LIES_IN = /\b(?:city|county|district|prefecture|capital|town) (?:in|of) ([A-Z][a-z]+)\b/gu;
// Longer names than this are rare in CC-CEDICT and are found by jieba whole.
const LONGEST_NAME = 8;

/**
 * @param stopWords the corpus profile's topic-less words (its speaker's name), which are never names of a topic.
 * @example namedTerms(analyzeQuery('澳门要如何发展新质生产力？', lexicon), dictionary, profile.stopWords) // [{ label: '澳门', … }]
 */
export function namedTerms(query: AnalyzedQuery, dictionary: BilingualDictionary, stopWords: { en: readonly string[]; zh: readonly string[] }): NamedTerm[] {
  const text = query.dates.remainder;
  const names: NamedTerm[] = [];
  const englishStop = new Set(stopWords.en.map((word) => word.toLowerCase()));
  const translatedWords = new Set((query.translation?.concepts ?? []).flatMap((concept) => concept.english.toLowerCase().split(/[\s'’-]+/u)));
  const withLinks = (headwords: readonly string[]) => [...new Set(headwords.flatMap((headword) => [headword, ...placesCited(headword, dictionary)]))];

  if (query.englishDominant) {
    for (const run of capitalisedRuns(text)) {
      const words = englishWords(run).filter((word) => !englishStop.has(word.text));
      const acronym = /^[A-Z]{2,}/u.test(run);
      // An acronym names something even when it spells a common word (US); other runs need a content word.
      if (words.length === 0 || (!acronym && words.every((word) => word.stop))) continue;
      const headwords = dictionary.lookup(phraseKey(run));
      // A capital the dictionary reads only as a common word (English 英语, Marxist, Internet) marks no name.
      if (!acronym && headwords.length > 0 && !headwords.some((headword) => dictionary.isProperName(headword))) continue;
      const own = namedBy(run, headwords, dictionary);
      names.push({
        label: run,
        forms: withLinks(own),
        translated: words.some((word) => translatedWords.has(word.text)),
      });
    }
  } else {
    const chinese = stripQuestionPhrases(text.replace(LATIN_RUN, ' '));
    const found = new Set<string>();
    for (const word of new Set([...properNamesWithin(chinese, dictionary), ...segmentPrecise(chinese)]))
      if (HAN_LETTER.test(word) && !stopWords.zh.includes(word) && dictionary.isProperName(word) && ![...found].some((name) => name.includes(word))) {
        found.add(word);
        names.push({ label: word, forms: withLinks([word]), translated: false });
      }
    // A Latin word inside a Chinese question is a name or an acronym (GDP, Python).
    for (const [latin] of text.matchAll(LATIN_RUN)) {
      if (latin.length < 2 || englishStop.has(latin.toLowerCase())) continue;
      names.push({
        label: latin,
        forms: [latin.toLowerCase(), ...withLinks(namedBy(latin, dictionary.lookup(phraseKey(latin)), dictionary))],
        translated: false,
      });
    }
  }
  for (const [figure] of text.matchAll(FIGURE)) if (figure.length >= 2) names.push({ label: figure, forms: [figure], translated: false });
  return names;
}

/**
 * The headwords a proper noun's dictionary entry cites, in Chinese (南京: "capital of Jiangsu province
 * 江蘇|江苏") or by the English name of the place it lies in (苏州: "prefecture-level city in Jiangsu"):
 * a question about a city is about its province too. Single characters are abbreviations (苏), not places.
 */
function placesCited(headword: string, dictionary: BilingualDictionary): string[] {
  const cited = new Set(dictionary.linkedHeadwords(headword));
  const glosses = dictionary.glossesOf(headword);
  for (const gloss of glosses) for (const [, simplified] of gloss.matchAll(CITED_HAN)) if (simplified!.length >= 2) cited.add(simplified!);
  // The first sense only: a later one may be history (南京: "capital of China at different historical periods").
  for (const [, place] of glosses[0]?.matchAll(LIES_IN) ?? [])
    for (const linked of namedBy(place!, dictionary.lookup(phraseKey(place!)), dictionary)) cited.add(linked);
  cited.delete(headword);
  return [...cited];
}

/**
 * Of the headwords an English name looks up, those the name names: a common word's, or a proper noun's
 * whose entry opens with the name (江苏: "Jiangsu province …"). A lookup also finds the places said to
 * lie in it (丹徒: "Dantu district of Zhenjiang city, Jiangsu"), which are not what the name means.
 */
function namedBy(name: string, headwords: readonly string[], dictionary: BilingualDictionary): string[] {
  const key = phraseKey(name);
  // The gloss's first meaning, notes and "abbr. for …" set aside: "(Chinese) National People's Congress".
  const opensWithName = (gloss: string) => {
    const meanings = gloss.replace(/\([^)]*\)/gu, ' ').split(/[;,]/u);
    const opening = phraseKey(meanings.find((meaning) => meaning.trim() !== '' && !/^\s*abbr\./u.test(meaning)) ?? '');
    return opening === key || opening.startsWith(`${key} `);
  };
  // One character is an abbreviation (澳 for Macao and for Australia), never the name itself.
  const words = headwords.filter((headword) => headword.length > 1);
  const named = words.filter((headword) => dictionary.glossesOf(headword).some(opensWithName));
  // An acronym may stand for a common term (GDP 国内生产总值); a capitalised word is then no name the dictionary has.
  return named.length > 0 || !/^[A-Z]{2,}/u.test(name) ? named : words.filter((headword) => !dictionary.isProperName(headword));
}

/**
 * The dictionary's proper nouns of three or more characters written in the text, longest first: jieba
 * cuts a long name it does not know into pieces (粤港澳大湾区 → 粤港澳 / 大湾 / 区), none of them a name.
 */
function properNamesWithin(text: string, dictionary: BilingualDictionary): string[] {
  const found: string[] = [];
  for (const run of text.match(/\p{Script=Han}{3,}/gu) ?? [])
    for (let length = Math.min(run.length, LONGEST_NAME); length >= 3; length--)
      for (let start = 0; start + length <= run.length; start++) {
        const candidate = run.slice(start, start + length);
        if (dictionary.isProperName(candidate) && !found.some((name) => name.includes(candidate))) found.push(candidate);
      }
  return found;
}

/**
 * The corpus's speakers are who every question is about, never a topic: the documents' authors and
 * the English of their names as CC-CEDICT gives it (习近平 → "Xi Jinping (1953-), …" → xi, jinping).
 */
export function speakerWords(authors: readonly string[], dictionary: BilingualDictionary): { en: string[]; zh: string[] } {
  const zh = [...new Set(authors.map((author) => author.trim()).filter((author) => author !== ''))];
  const en = zh.flatMap((author) => dictionary.glossesOf(author).flatMap((gloss) => englishWords(gloss.split(/[(,;]/u)[0]!).map((word) => word.text)));
  return { en: [...new Set(en)], zh };
}

/** 0–1: the share of the question's names that the corpus holds under none of their forms; 0 for a question without names. */
export function namedGap(names: readonly NamedTerm[], has: (term: string) => boolean): number {
  if (names.length === 0) return 0;
  const absent = names.filter((name) => !name.translated && !name.forms.some(has)).length;
  return absent / names.length;
}

/**
 * Runs of capitalised words that do not open a sentence (Hong Kong, Li Qiang), and acronyms anywhere
 * (EU, FIFA): English marks names so. A capital after a quotation mark opens a quotation, not a name.
 */
export function capitalisedRuns(text: string): string[] {
  const runs: string[] = [];
  let current: string[] = [];
  let sentenceStart = true;
  let previousEnd = 0;
  const flush = () => {
    if (current.length > 0) runs.push(current.join(' '));
    current = [];
  };
  for (const match of text.matchAll(LATIN_RUN)) {
    const word = match[0].replace(/['’]s$/u, '').replace(/[.'’-]+$/u, '');
    const between = text.slice(previousEnd, match.index);
    previousEnd = match.index + match[0].length;
    const opensSentence = sentenceStart || /[.?!;:"“‘(]\s*$/u.test(between) || /^\s*['‘]$/u.test(between.slice(-2));
    const contiguous = /^[ ]?$/u.test(between);
    sentenceStart = /[.?!]$/u.test(match[0]);
    const acronym = /^[A-Z]{2,}\d*$/u.test(word);
    const capitalised = /^[A-Z][a-z]/u.test(word) && !opensSentence;
    if (acronym || capitalised) {
      if (!contiguous) flush();
      current.push(word);
    } else flush();
  }
  flush();
  return runs;
}
