// Stage 5 of retrieval: whether the corpus covers the question, from evidence (coverage-evidence.ts):
// the share of the question's concepts a top excerpt contains, literally or through dictionary senses,
// each concept weighed by its corpus IDF and its topicality; their presence in the corpus; the
// nearest vector; a quantity check. Three states: answered, partial, not covered.
import type { AnalyzedQuery } from './analyze-query.ts';
import { isDictionaryWord, topicality } from '../text/general-word-frequency.ts';
import { isAllHan } from '../text/script.ts';
import { segmentWords } from '../text/tokenizer.ts';
import { englishTopicality } from '../translation/english-topicality.ts';
import type { RetrievalSettings } from './retrieval-settings.ts';
import { coverageState, evidenceProbability, quantityGap, senseCoverage, type Coverage, type EvidenceFeatures } from './coverage-evidence.ts';
import { namedGap, type NamedTerm } from './named-terms.ts';

export interface WeighedConcept {
  label: string;
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
  /** The dictionary senses of its words (concept-glosses.ts). */
  senses: ReadonlySet<string>;
  /** Cosine similarity of its best chunk to the question, 0–1. */
  vectorSimilarity: number;
  /** Its text, for the quantity check. */
  text: string;
}

/** What coverage needs to know of the corpus. */
export interface CorpusTerms {
  /** A term's IDF in the corpus; an unseen term ('\u0000') gets the highest. */
  idf(term: string): number;
  /** Whether the corpus has the term at all. */
  has(term: string): boolean;
}

export type CoverageSettings = Pick<RetrievalSettings, 'coverageDepth' | 'untranslatedWeight' | 'datedCoverageFloor' | 'evidence'>;

export interface CoverageAssessment {
  /** 0–1: the evidence model's probability that the corpus covers the question. */
  confidence: number;
  covered: boolean;
  coverage: Coverage;
  evidence?: EvidenceFeatures;
}

/**
 * The evidence from the first `coverageDepth` candidates (the best of each, so that a near miss at
 * rank 1 does not hide a match at rank 2), and the state the evidence model puts it in.
 * @param names the question's names and figures (named-terms.ts).
 */
export function assessCoverage(
  query: AnalyzedQuery,
  top: readonly CoverageCandidate[],
  corpus: CorpusTerms,
  settings: CoverageSettings,
  names: readonly NamedTerm[] = [],
): CoverageAssessment {
  if (top.length === 0) return { confidence: 0, covered: false, coverage: 'not_covered' };
  const concepts = weighConcepts(query, (term) => corpus.idf(term), settings.untranslatedWeight);
  const considered = top.slice(0, settings.coverageDepth);
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  const inCorpus = concepts.reduce((sum, concept) => (concept.alternatives.some((term) => corpus.has(term)) ? sum + concept.weight : sum), 0);
  const evidence: EvidenceFeatures = {
    literalCoverage: round(Math.max(0, ...considered.map((candidate) => coverage(concepts, candidate, settings.datedCoverageFloor)))),
    senseCoverage: round(
      Math.max(0, ...considered.map((candidate) => senseCoverage(concepts, (concept) => literalShare(concept, candidate.haystack), candidate.senses))),
    ),
    corpusCoverage: round(totalWeight === 0 ? 0 : inCorpus / totalWeight),
    vectorSimilarity: round(considered[0]!.vectorSimilarity),
    quantityGap: quantityGap(
      query.simplified,
      considered.map((candidate) => candidate.text),
    ),
    namedGap: round(namedGap(names, (term) => corpus.has(term))),
  };
  const confidence = round(evidenceProbability(evidence, settings.evidence));
  const state = coverageState(confidence, settings.evidence);
  return { confidence, covered: state !== 'not_covered', coverage: state, evidence };
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
    if (alternatives.length === 0) return { label, alternatives, weight: untranslated * unseenIdf * englishTopicality(label) };
    const weight = Math.max(...alternatives.map((term) => idf(term) * topicality(term)));
    return { label, alternatives, weight };
  });
}

/**
 * Share of the question's concept weight that the excerpt contains. A Chinese word the corpus
 * lacks gets partial credit for the sub-words it does have; an untranslated English word counts as absent.
 */
export function coverage(
  concepts: readonly WeighedConcept[],
  { haystack, datesMatched }: Pick<CoverageCandidate, 'haystack' | 'datesMatched'>,
  datedFloor: number,
): number {
  let total = 0;
  let found = 0;
  for (const concept of concepts) {
    const { alternatives, weight } = concept;
    total += weight;
    if (alternatives.length > 0) found += weight * literalShare(concept, haystack);
  }
  // A question that names the excerpt's date is about it even when its words are generic (说了什么).
  if (total === 0) return datesMatched ? 1 : 0;
  const share = found / total;
  return datesMatched ? Math.max(share, datedFloor + (1 - datedFloor) * share) : share;
}

/** 0–1: how much of one concept a text holds literally: 1 for any of its terms, else the share of its word's characters in parts the text has. */
export function literalShare(concept: WeighedConcept, haystack: string): number {
  const { alternatives } = concept;
  if (alternatives.length === 0) return 0;
  if (alternatives.some((term) => haystack.includes(term))) return 1;
  if (alternatives.length > 1) return 0;
  const coveredCharacters = wordParts(concept)
    .filter((part) => haystack.includes(part))
    .reduce((sum, part) => sum + part.length, 0);
  return Math.min(1, coveredCharacters / alternatives[0]!.length);
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
