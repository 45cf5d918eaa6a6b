// What retrieval promises its callers: the `Retriever` interface and the shapes it returns. The
// stages that make a retrieval (analyse, candidates, fuse, rerank, coverage, locate) are modules of
// their own, composed by HybridRetriever; ThreadedRetriever runs any of them in a worker thread.
import type { Excerpt } from '../corpus/types.ts';
import type { WeightedTerm } from '../index/bm25-index.ts';
import type { StoredChunk } from '../index/search-index.ts';
import type { AnalyzedQuery } from './analyze-query.ts';
import type { Coverage, EvidenceFeatures } from './coverage-evidence.ts';
import type { TextSpan } from './find-matches.ts';

export interface RetrievalFilters {
  /** Inclusive ISO date bounds. */
  from?: string | undefined;
  to?: string | undefined;
  /** Keeps excerpts whose occasion contains this text (Traditional is folded to Simplified). */
  occasion?: string | undefined;
  documentIds?: readonly string[] | undefined;
  /** Keeps the excerpts of this speaker, named as the corpus names them. */
  speaker?: string | undefined;
}

export interface RetrievalOptions {
  /** How many excerpts to return. */
  k?: number;
  filters?: RetrievalFilters;
  signal?: AbortSignal;
  /** Today, ISO yyyy-mm-dd, for dates relative to it (去年, this year); by default the system's date. */
  today?: string | undefined;
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
   * The question's lexical terms, each weight multiplied by the term's IDF in the corpus: what
   * matches and sentences are scored by (find-matches.ts), so that the answer layer needs no index.
   */
  weighedTerms: WeightedTerm[];
  /**
   * 0–1: the evidence model's probability that the corpus covers the question (coverage-evidence.ts).
   * Near 0 when the corpus does not speak to the question.
   */
  confidence: number;
  /** False when the answer layer should say the excerpts do not cover the question (coverage 'not_covered'). */
  covered: boolean;
  /**
   * For a question about a period or "the latest/first": scoped, the results are every on-topic excerpt
   * in the period in date order (or the one speech asked for), not the top k; nearestDates, when
   * nothing fell in the period, the excerpt dates closest to it.
   */
  timeScope: { scoped: boolean; nearestDates: string[] };
  /**
   * 'answered': a top excerpt holds the question's content; 'partial': the nearest excerpts are shown,
   * but they may not address the question directly; 'not_covered': the corpus does not speak to it.
   */
  coverage: Coverage;
  /** What the coverage decision rests on; absent when nothing was searched. */
  evidence?: EvidenceFeatures;
  /** The corpus profile's definition cues, so that an answer can put a definition first. */
  definitionCues?: readonly string[];
}

/** Anything that turns a question into ranked excerpts: in this thread, in a worker thread, or a test's fake. */
export interface Retriever {
  retrieve(question: string, options?: RetrievalOptions): Promise<Retrieval>;
  /** Releases what the retriever holds (a thread, say); questions asked later may still be answered. */
  close(): Promise<void>;
}
