// Stage 2 of retrieval: candidate chunks from each side, lexical (BM25 over the question's terms)
// and vector (nearest neighbours of the embedded question), each ranked best first.
import type { Embedder } from '../embeddings/types.ts';
import type { Bm25Index, LexicalHit } from '../index/bm25-index.ts';
import type { HnswVectorIndex, VectorHit } from '../index/hnsw-vector-index.ts';
import type { AnalyzedQuery } from './analyze-query.ts';

export interface Candidates {
  /** Raw BM25 scores, best first. */
  lexical: LexicalHit[];
  /** Cosine similarities 0–1, best first. */
  vector: VectorHit[];
}

export interface CandidateSources {
  lexical: Pick<Bm25Index, 'search'>;
  vectors: Pick<HnswVectorIndex, 'search'>;
  embedder: Pick<Embedder, 'embedQuery'>;
}

/**
 * Up to `count` chunks from each side, among those `admits` lets through (all when undefined).
 * The vector side embeds the question's search text, or its Simplified text when that is empty.
 */
export async function findCandidates(
  sources: CandidateSources,
  query: AnalyzedQuery,
  count: number,
  admits: ((label: number) => boolean) | undefined,
  signal?: AbortSignal,
): Promise<Candidates> {
  const lexical = sources.lexical.search(query.terms, count, admits);
  const queryVector = await sources.embedder.embedQuery(query.searchText || query.simplified, signal ? { signal } : {});
  const vector = sources.vectors.search(queryVector, count, admits);
  return { lexical, vector };
}
