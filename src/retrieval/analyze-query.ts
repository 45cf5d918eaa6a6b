// Turns a question into what retrieval searches with: Simplified text, weighted terms, a date intent.
import { foldWidth, toSimplified } from '../text/chinese-script.ts';
import { segmentPrecise } from '../text/tokenizer.ts';
import { isQuestionWord, stripQuestionPhrases } from '../text/query-words.ts';
import type { WeightedTerm } from '../index/bm25-index.ts';
import { lexicalTerms } from '../index/lexical-terms.ts';
import { findChineseDates, type DateIntent } from './date-expressions.ts';

export interface AnalyzedQuery {
  question: string;
  /** The question in Simplified Chinese. */
  simplified: string;
  /** What the vector side embeds: the question without dates and question words. */
  searchText: string;
  /** What the lexical side looks up: search-mode words, so that compounds and their parts both count. */
  terms: WeightedTerm[];
  /** The question's content words without overlaps (jieba precise mode), for judging coverage. */
  contentWords: string[];
  dates: DateIntent;
}

export function analyzeQuery(question: string): AnalyzedQuery {
  const simplified = toSimplified(foldWidth(question));
  const dates = findChineseDates(simplified);
  const searchText = stripQuestionPhrases(dates.remainder).replace(/\s+/gu, ' ').trim();
  const seen = new Set<string>();
  const terms: WeightedTerm[] = [];
  for (const term of lexicalTerms(searchText)) {
    if (isQuestionWord(term) || seen.has(term)) continue;
    seen.add(term);
    terms.push({ term, weight: 1 });
  }
  const contentWords = [...new Set(segmentPrecise(searchText).map((word) => word.toLowerCase()))].filter((word) => !isQuestionWord(word));
  return { question, simplified, searchText, terms, contentWords, dates };
}
