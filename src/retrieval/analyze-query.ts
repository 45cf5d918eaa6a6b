// Turns a question into what retrieval searches with: Simplified text, weighted terms, the concepts
// used to judge coverage, and a date intent. English words are translated into Chinese terms.
import { foldWidth, toSimplified } from '../text/chinese-script.ts';
import { isQuestionWord, stripQuestionPhrases } from '../text/query-words.ts';
import { countHan, leansEnglish } from '../text/script.ts';
import { segmentPrecise } from '../text/tokenizer.ts';
import { EMPTY_PROFILE, type CorpusProfile } from '../corpus/corpus-profile.ts';
import type { WeightedTerm } from '../index/bm25-index.ts';
import { lexicalTerms } from '../index/lexical-terms.ts';
import { bilingualDictionary } from '../translation/bilingual-dictionary.ts';
import { DEFAULT_RETRIEVAL_SETTINGS } from './retrieval-settings.ts';
import { translateEnglish, type Lexicon, type Translation } from '../translation/translate-query.ts';
import { isoDay } from '../dates/calendar.ts';
import { parseDateIntent, type DateIntent } from '../dates/parse-date-intent.ts';
import { addRelatedPlaces } from './related-places.ts';

/** Something the question asks about, and the corpus terms any of which would show the corpus speaks to it. */
export interface QueryConcept {
  label: string;
  /** Empty for an English word with no translation in the corpus. */
  alternatives: string[];
}

export interface AnalyzedQuery {
  question: string;
  /** The question in Simplified Chinese. */
  simplified: string;
  /** What the vector side embeds: the Chinese of the question and the translations of its English, without dates or question words. */
  searchText: string;
  /** What the lexical side looks up: search-mode words, so that compounds and their parts both count. */
  terms: WeightedTerm[];
  /** The question's content, without overlaps, for judging coverage. */
  concepts: QueryConcept[];
  dates: DateIntent;
  /** How the English words were translated, when there were any. */
  translation: Translation | undefined;
  /** More English words than Chinese characters: untranslated words are then more likely dictionary gaps than new topics. */
  englishDominant: boolean;
}

/** A word with Latin letters in it, digits included (15th, 5G): the English side translates it. */
const LATIN_WORD = /[A-Za-z0-9]*[A-Za-z][A-Za-z0-9'’-]*/gu;
const LATIN_LETTER = /[A-Za-z]/u;

/**
 * @param today ISO yyyy-mm-dd: what 去年 and "this year" mean; by default the system's date.
 * @param profile the corpus's profile: its topic-less words and English set phrases.
 */
export function analyzeQuery(question: string, lexicon: Lexicon, today: string = isoDay(new Date()), profile: CorpusProfile = EMPTY_PROFILE): AnalyzedQuery {
  const topicless = (word: string) => isQuestionWord(word) || profile.stopWords.zh.includes(word);
  const simplified = toSimplified(foldWidth(question));
  const dates = parseDateIntent(simplified, { today });
  const chineseText = stripQuestionPhrases(dates.remainder.replace(LATIN_WORD, ' ')).replace(/\s+/gu, ' ').trim();

  const weights = new Map<string, number>();
  const concepts: QueryConcept[] = [];
  // An English question leaves nothing here, and jieba need not be asked.
  if (chineseText !== '') {
    for (const term of lexicalTerms(chineseText)) if (!topicless(term)) weights.set(term, 1);
    for (const word of new Set(segmentPrecise(chineseText).map((word) => word.toLowerCase())))
      if (!topicless(word)) concepts.push({ label: word, alternatives: [word] });
  }

  let translation: Translation | undefined;
  const translatedText: string[] = [];
  // Translating finds the English content words itself; a question with none comes back empty.
  const translated = LATIN_LETTER.test(dates.remainder)
    ? translateEnglish(dates.remainder, lexicon, profile, bilingualDictionary(), DEFAULT_RETRIEVAL_SETTINGS.translation)
    : undefined;
  if (translated && (translated.concepts.length > 0 || translated.untranslated.length > 0)) {
    translation = translated;
    for (const concept of translation.concepts) {
      for (const { term, weight } of concept.terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
      concepts.push({ label: concept.english, alternatives: concept.terms.map(({ term }) => term) });
      translatedText.push(...concept.terms.filter(({ weight }) => weight >= 0.5).map(({ term }) => term));
    }
    for (const word of translation.untranslated) concepts.push({ label: word, alternatives: [] });
  }
  addRelatedPlaces(concepts, weights, LATIN_LETTER.test(dates.remainder) ? dates.remainder : '', lexicon);

  const terms = [...weights].map(([term, weight]) => ({ term, weight }));
  const searchText = [chineseText, ...translatedText].join(' ').trim();
  const englishDominant = leansEnglish({ latinWords: dates.remainder.match(LATIN_WORD)?.length ?? 0, hanCharacters: countHan(chineseText) });
  return { question, simplified, searchText, terms, concepts, dates, translation, englishDominant };
}
