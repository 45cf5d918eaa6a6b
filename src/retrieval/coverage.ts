// Stage 5 of retrieval: confidence, the share of the question's concepts a top excerpt contains,
// each concept weighed by its corpus IDF and its topicality, and whether that covers the question.
import type { AnalyzedQuery } from './analyze-query.ts';
import { isDictionaryWord, topicality } from '../text/general-word-frequency.ts';
import { isAllHan } from '../text/script.ts';
import { segmentWords } from '../text/tokenizer.ts';
import { englishTopicality } from '../translation/english-topicality.ts';
import type { RetrievalSettings } from './retrieval-settings.ts';

export interface WeighedConcept {
  alternatives: readonly string[];
  weight: number;
  /** For a single word: the parts that earn partial credit when the whole word is absent, worked out on first need. */
  parts?: readonly string[];
}

/** A top excerpt as coverage sees it. */
export interface CoverageCandidate {
  /** Its text and occasion, lower-cased. */
  haystack: string;
  /** Whether the question names dates and the excerpt is within them. */
  datesMatched: boolean;
}

export type CoverageSettings = Pick<RetrievalSettings, 'minConfidence' | 'coverageDepth' | 'untranslatedWeight' | 'datedCoverageFloor'>;

/**
 * The best coverage among the first `coverageDepth` candidates (so that a near miss at rank 1 does
 * not hide a match at rank 2), rounded to 4 places, and whether it reaches `minConfidence`.
 * @param idf a term's IDF in the corpus; an unseen term ('\u0000') gets the highest.
 */
export function assessCoverage(
  query: AnalyzedQuery,
  top: readonly CoverageCandidate[],
  idf: (term: string) => number,
  settings: CoverageSettings,
): { confidence: number; covered: boolean } {
  const concepts = weighConcepts(query, idf, settings.untranslatedWeight);
  const shares = top.slice(0, settings.coverageDepth).map((candidate) => coverage(concepts, candidate, settings.datedCoverageFloor));
  const confidence = round(Math.max(0, ...shares));
  return { confidence, covered: top.length > 0 && confidence >= settings.minConfidence };
}

/**
 * The question's concepts, each weighed once per question: its corpus IDF times its topicality,
 * so generic words (作用, 关系) matter less than topical ones. An English word with no
 * translation in the corpus weighs as an unseen term and can never be found.
 */
export function weighConcepts(query: AnalyzedQuery, idf: (term: string) => number, untranslatedWeight: number): WeighedConcept[] {
  const unseenIdf = idf('\u0000');
  // In English prose a word may lack a translation because the dictionary lacks it (hallmark), not the
  // corpus; a Latin word inside a Chinese question (GDP, API) is a name and counts in full.
  const untranslated = query.englishDominant ? untranslatedWeight : 1;
  return query.concepts.map(({ label, alternatives }): WeighedConcept => {
    if (alternatives.length === 0) return { alternatives, weight: untranslated * unseenIdf * englishTopicality(label) };
    const weight = Math.max(...alternatives.map((term) => idf(term) * topicality(term)));
    return { alternatives, weight };
  });
}

/**
 * Share of the question's concept weight that the excerpt contains. A Chinese word the corpus
 * lacks gets partial credit for the sub-words it does have; an untranslated English word counts as absent.
 */
export function coverage(concepts: readonly WeighedConcept[], { haystack, datesMatched }: CoverageCandidate, datedFloor: number): number {
  let total = 0;
  let found = 0;
  for (const concept of concepts) {
    const { alternatives, weight } = concept;
    total += weight;
    if (alternatives.length === 0) continue;
    if (alternatives.some((term) => haystack.includes(term))) {
      found += weight;
    } else if (alternatives.length === 1) {
      const coveredCharacters = wordParts(concept).filter((part) => haystack.includes(part)).reduce((sum, part) => sum + part.length, 0);
      found += weight * Math.min(1, coveredCharacters / alternatives[0]!.length);
    }
  }
  // A question that names the excerpt's date is about it even when its words are generic (说了什么).
  if (total === 0) return datesMatched ? 1 : 0;
  const share = found / total;
  return datesMatched ? Math.max(share, datedFloor + (1 - datedFloor) * share) : share;
}

/**
 * The parts of a concept's single word, segmented once per question and only when an excerpt lacks
 * the word. jieba glues stray characters into non-words (在…中起…作用 → 中起); those are judged by character.
 */
function wordParts(concept: WeighedConcept): readonly string[] {
  if (concept.parts === undefined) {
    const word = concept.alternatives[0]!;
    concept.parts = isDictionaryWord(word) || !isAllHan(word) ? segmentWords(word).filter((part) => part !== word) : [...word];
  }
  return concept.parts;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
