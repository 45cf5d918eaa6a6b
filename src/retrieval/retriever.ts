// Hybrid retrieval: vector kNN and BM25 over chunks, fused, collapsed to the best chunk per
// excerpt, boosted by the question's dates, with a confidence signal for abstaining.
import type { Excerpt } from '../corpus/types.ts';
import type { SearchIndex, StoredChunk } from '../index/search-index.ts';
import { toSimplified } from '../text/chinese-script.ts';
import { asksForDefinition, asksWhatSomethingIs, definitionCueCount } from '../text/definition-cues.ts';
import { isDictionaryWord, topicality } from '../text/general-word-frequency.ts';
import { segmentWords } from '../text/tokenizer.ts';
import { analyzeQuery, type AnalyzedQuery } from './analyze-query.ts';
import type { Lexicon } from '../translation/translate-query.ts';
import { englishTopicality } from '../translation/english-topicality.ts';
import { inRange, type DateRange } from './date-expressions.ts';
import { findMatches, searchableText, type SearchableText, type TextSpan } from './find-matches.ts';

export interface RetrievalFilters {
  /** Inclusive ISO date bounds. */
  from?: string | undefined;
  to?: string | undefined;
  /** Keeps excerpts whose occasion contains this text (Traditional is folded to Simplified). */
  occasion?: string | undefined;
  documentIds?: readonly string[] | undefined;
}

export interface RetrievalOptions {
  /** How many excerpts to return. */
  k?: number;
  filters?: RetrievalFilters;
  signal?: AbortSignal;
}

export interface RetrievedExcerpt {
  excerpt: Excerpt;
  /** The best-matching chunk of the excerpt, with its offsets in the excerpt text. */
  chunk: Pick<StoredChunk, 'id' | 'start' | 'end'>;
  /** Fused relevance, 0–1, higher is better; comparable within one query only. */
  score: number;
  /** Cosine similarity of the chunk to the question, 0–1. */
  vectorSimilarity: number;
  /** Raw BM25 score of the chunk, 0 when no term matched. */
  lexicalScore: number;
  /** Where the question's terms occur in the excerpt text. */
  matches: TextSpan[];
  /** The sentence of the excerpt that matches the question best. */
  bestSentence: TextSpan;
  /** Whether the excerpt's date is within the dates the question names. */
  inQuestionDates: boolean;
}

export interface Retrieval {
  query: AnalyzedQuery;
  results: RetrievedExcerpt[];
  /**
   * 0–1: how much of the question's specific vocabulary a top excerpt contains, weighted by how
   * rare each term is in the corpus. Near 0 when the corpus does not speak to the question.
   */
  confidence: number;
  /** False when the answer layer should say the excerpts do not cover the question. */
  covered: boolean;
}

export interface RetrieverSettings {
  /** Below this confidence a question counts as not covered. */
  minConfidence: number;
  /** Candidates taken from each side before fusion. */
  candidates: number;
  /** Share of the fused score given to the lexical side, 0–1 (score fusion). */
  lexicalWeight: number;
  /**
   * 'score': each side scaled to 0–1 by its best hit, then weighted. 'rrf': reciprocal rank fusion
   * (k = 60), kept to compare against; on the gold set score fusion measured better (README).
   */
  fusion: 'score' | 'rrf';
}

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = { minConfidence: 0.23, candidates: 50, lexicalWeight: 0.6, fusion: 'score' };

/** The rank constant of reciprocal rank fusion, as in Cormack et al. (2009). */
const RRF_K = 60;

function rankByLabel(hits: ReadonlyArray<{ label: number }>): Map<number, number> {
  return new Map(hits.map((hit, rank) => [hit.label, rank + 1]));
}

/** Reciprocal rank fusion of a chunk's two ranks, scaled so that a chunk ranked first on both sides scores 1. */
function reciprocalRankScore(lexicalRank: number | undefined, vectorRank: number | undefined): number {
  const reciprocal = (rank: number | undefined) => (rank === undefined ? 0 : 1 / (RRF_K + rank));
  return (reciprocal(lexicalRank) + reciprocal(vectorRank)) / (2 / (RRF_K + 1));
}

export type QueryAnalyzer = (question: string, lexicon: Lexicon) => AnalyzedQuery;

export class HybridRetriever {
  // Keyed by the index's own excerpt objects, so that they go when the index does.
  private readonly preparedExcerpts = new WeakMap<Excerpt, PreparedExcerpt>();
  private readonly documentTitles: ReadonlyMap<string, string>;

  constructor(
    private readonly index: SearchIndex,
    private readonly settings: RetrieverSettings = DEFAULT_RETRIEVER_SETTINGS,
    private readonly analyze: QueryAnalyzer = analyzeQuery,
  ) {
    this.documentTitles = new Map(index.documents.map((document) => [document.id, document.title]));
  }

  /** The index this retriever searches: its excerpts, documents and manifest. */
  get searchIndex(): SearchIndex {
    return this.index;
  }

  /** The title of the document an excerpt comes from, or its id when it has none. */
  documentTitle(documentId: string): string {
    return this.documentTitles.get(documentId) ?? documentId;
  }

  async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    const k = options.k ?? 5;
    const query = this.analyze(question, this.index.lexical);
    const admits = this.filterFor(options.filters ?? {});
    if (query.terms.length === 0 && query.searchText === '' && !query.dates.range && !query.dates.latest) {
      return { query, results: [], confidence: 0, covered: false };
    }

    const lexicalHits = this.index.lexical.search(query.terms, this.settings.candidates, admits);
    const queryVector = await this.index.embedder.embedQuery(query.searchText || query.simplified, options.signal ? { signal: options.signal } : {});
    const vectorHits = this.index.vectors.search(queryVector, this.settings.candidates, admits);

    // Scores are fused after scaling each side to 0–1 by its best hit: BM25 is unbounded, cosine is not.
    const topLexical = lexicalHits[0]?.score ?? 0;
    const topVector = vectorHits[0]?.similarity ?? 0;
    const byChunk = new Map<number, { lexical: number; vector: number }>();
    for (const hit of lexicalHits) byChunk.set(hit.label, { lexical: hit.score, vector: 0 });
    for (const hit of vectorHits) {
      const entry = byChunk.get(hit.label) ?? { lexical: 0, vector: 0 };
      entry.vector = hit.similarity;
      byChunk.set(hit.label, entry);
    }
    const lexicalWeight = topLexical > 0 ? this.settings.lexicalWeight : 0;

    // Ranks are only needed by reciprocal rank fusion.
    const ranks = this.settings.fusion === 'rrf' ? { lexical: rankByLabel(lexicalHits), vector: rankByLabel(vectorHits) } : undefined;

    const bestPerExcerpt = new Map<string, { chunk: StoredChunk; fused: number; lexical: number; vector: number }>();
    for (const [label, { lexical, vector }] of byChunk) {
      const chunk = this.index.chunks[label]!;
      const fused = ranks
        ? reciprocalRankScore(ranks.lexical.get(label), ranks.vector.get(label))
        : lexicalWeight * (topLexical > 0 ? lexical / topLexical : 0) + (1 - lexicalWeight) * (topVector > 0 ? vector / topVector : 0);
      const best = bestPerExcerpt.get(chunk.excerptId);
      if (!best || fused > best.fused) bestPerExcerpt.set(chunk.excerptId, { chunk, fused, lexical, vector });
    }

    const range = query.dates.range;
    const ranked = [...bestPerExcerpt.values()].map(({ chunk, fused, lexical, vector }) => {
      const excerpt = this.index.excerptById.get(chunk.excerptId)!;
      return { chunk, fused, lexical, vector, excerpt, inQuestionDates: range ? inRange(excerpt.date, range) : false };
    });
    // A question about what something is prefers the excerpts written as definitions: one that asks for
    // a definition in so many words, or "What are new quality productive forces?", which names one concept only.
    if (asksForDefinition(query.question) || asksForDefinition(query.simplified) || (query.concepts.length === 1 && asksWhatSomethingIs(query.simplified))) {
      for (const candidate of ranked) candidate.fused += DEFINITION_BOOST * Math.min(1, definitionCueCount(candidate.excerpt.text) / 3);
    }
    const best = Math.max(0, ...ranked.map((candidate) => candidate.fused));
    ranked.sort((left, right) => compareCandidates(left, right, range, query.dates.latest ? best * LATEST_RELEVANCE : undefined));

    const results = ranked.slice(0, k).map((candidate): RetrievedExcerpt => {
      const { matches, bestSentence } = findMatches(this.prepared(candidate.excerpt).searchable, query.terms, (term) => this.index.lexical.idf(term));
      return {
        excerpt: candidate.excerpt,
        chunk: { id: candidate.chunk.id, start: candidate.chunk.start, end: candidate.chunk.end },
        // Boosts can lift a fused score past 1; the order keeps them, the reported score stays in 0–1.
        score: round(Math.min(1, candidate.fused)),
        vectorSimilarity: round(candidate.vector),
        lexicalScore: round(candidate.lexical),
        matches,
        bestSentence,
        inQuestionDates: candidate.inQuestionDates,
      };
    });

    // The best coverage among the top few, so that a near miss at rank 1 does not hide a match at rank 2.
    const concepts = this.weighConcepts(query);
    const confidence = round(Math.max(0, ...results.slice(0, COVERAGE_DEPTH).map((result) => coverage(concepts, this.prepared(result.excerpt).haystack, range !== undefined && result.inQuestionDates))));
    return { query, results, confidence, covered: results.length > 0 && confidence >= this.settings.minConfidence };
  }

  /** Releases what the retriever holds: nothing for one that searches in this thread. */
  async close(): Promise<void> {}

  /** How much of the question a sentence carries: the summed weight (IDF) of the distinct query terms in it. */
  sentenceScore(query: AnalyzedQuery, sentence: string): number {
    const lowered = sentence.toLowerCase();
    return query.terms.reduce((sum, { term, weight }) => (lowered.includes(term) ? sum + weight * this.index.lexical.idf(term) : sum), 0);
  }

  /**
   * The question's concepts, each weighed once per question: its corpus IDF times its topicality,
   * so generic words (作用, 关系) matter less than topical ones. An English word with no
   * translation in the corpus weighs as an unseen term and can never be found.
   */
  private weighConcepts(query: AnalyzedQuery): WeighedConcept[] {
    const unseenIdf = this.index.lexical.idf('\u0000');
    // In English prose a word may lack a translation because the dictionary lacks it (hallmark), not the
    // corpus; a Latin word inside a Chinese question (GDP, API) is a name and counts in full.
    const untranslatedWeight = query.englishDominant ? UNTRANSLATED_WEIGHT : 1;
    return query.concepts.map(({ label, alternatives }): WeighedConcept => {
      if (alternatives.length === 0) return { alternatives, weight: untranslatedWeight * unseenIdf * englishTopicality(label) };
      const weight = Math.max(...alternatives.map((term) => this.index.lexical.idf(term) * topicality(term)));
      return { alternatives, weight };
    });
  }

  /** An excerpt prepared for matching: once per excerpt, not once per question. */
  private prepared(excerpt: Excerpt): PreparedExcerpt {
    let prepared = this.preparedExcerpts.get(excerpt);
    if (prepared === undefined) {
      const searchable = searchableText(excerpt.text);
      prepared = { searchable, haystack: `${searchable.lowered}\n${excerpt.occasion.toLowerCase()}` };
      this.preparedExcerpts.set(excerpt, prepared);
    }
    return prepared;
  }

  private filterFor(filters: RetrievalFilters): ((label: number) => boolean) | undefined {
    const range: DateRange | undefined = filters.from || filters.to ? { from: filters.from, to: filters.to } : undefined;
    const occasion = filters.occasion ? toSimplified(filters.occasion.trim()) : undefined;
    const documents = filters.documentIds && filters.documentIds.length > 0 ? new Set(filters.documentIds) : undefined;
    if (!range && !occasion && !documents) return undefined;
    const admitted = new Set<string>();
    for (const excerpt of this.index.excerpts) {
      if (range && !inRange(excerpt.date, range)) continue;
      if (occasion && !excerpt.occasion.includes(occasion)) continue;
      if (documents && !documents.has(excerpt.documentId)) continue;
      admitted.add(excerpt.id);
    }
    return (label) => admitted.has(this.index.chunks[label]!.excerptId);
  }
}

interface RankedCandidate {
  fused: number;
  excerpt: Excerpt;
  inQuestionDates: boolean;
}

/** How much a definitional question lifts an excerpt with three or more definition cues, in fused-score units. */
const DEFINITION_BOOST = 0.2;

/** For "the latest", candidates within this share of the best score are ordered newest first. */
const LATEST_RELEVANCE = 0.5;

/**
 * Excerpts within the question's dates first; for "the latest", the relevant ones (within
 * LATEST_RELEVANCE of the best) newest first; then by score.
 */
function compareCandidates(left: RankedCandidate, right: RankedCandidate, range: DateRange | undefined, latestAbove: number | undefined): number {
  if (range && left.inQuestionDates !== right.inQuestionDates) return left.inQuestionDates ? -1 : 1;
  if (latestAbove !== undefined) {
    const leftRelevant = left.fused >= latestAbove;
    if (leftRelevant !== right.fused >= latestAbove) return leftRelevant ? -1 : 1;
    if (leftRelevant && left.excerpt.date !== right.excerpt.date) return right.excerpt.date.localeCompare(left.excerpt.date);
  }
  return right.fused - left.fused || left.excerpt.id.localeCompare(right.excerpt.id);
}

interface PreparedExcerpt {
  searchable: SearchableText;
  /** Text and occasion, lower-cased: where coverage looks for the question's concepts. */
  haystack: string;
}

interface WeighedConcept {
  alternatives: readonly string[];
  weight: number;
  /** For a single word: the parts that earn partial credit when the whole word is absent, worked out on first need. */
  parts?: readonly string[];
}

/**
 * Share of the question's concept weight that the excerpt contains. A Chinese word the corpus
 * lacks gets partial credit for the sub-words it does have; an untranslated English word counts as absent.
 */
function coverage(concepts: readonly WeighedConcept[], haystack: string, datesMatched: boolean): number {
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
  return datesMatched ? Math.max(share, 0.5 + share / 2) : share;
}

/**
 * The parts of a concept's single word, segmented once per question and only when an excerpt lacks
 * the word. jieba glues stray characters into non-words (在…中起…作用 → 中起); those are judged by character.
 */
function wordParts(concept: WeighedConcept): readonly string[] {
  if (concept.parts === undefined) {
    const word = concept.alternatives[0]!;
    concept.parts = isDictionaryWord(word) || !HAN.test(word) ? segmentWords(word).filter((part) => part !== word) : [...word];
  }
  return concept.parts;
}

/** How much an untranslatable word of an English question counts against coverage, relative to an unknown Chinese word. */
const UNTRANSLATED_WEIGHT = 0.5;

/** How many top results confidence looks at. */
const COVERAGE_DEPTH = 3;

const HAN = /^\p{Script=Han}+$/u;

const round = (value: number) => Math.round(value * 10_000) / 10_000;
