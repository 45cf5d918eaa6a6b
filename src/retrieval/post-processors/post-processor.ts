// What a rerank post-processor is, and the score order they all fall back on.
import type { AnalyzedQuery } from '../analyze-query.ts';
import type { ExcerptCandidate } from '../collapse-to-excerpts.ts';

/** Takes candidates in order and returns them reordered (or rescored); never drops or adds one. */
export type PostProcessor = (candidates: readonly ExcerptCandidate[], query: AnalyzedQuery) => ExcerptCandidate[];

/** Higher fused score first; equal scores by excerpt id, so that the order never depends on the input's. */
export function byScore(left: ExcerptCandidate, right: ExcerptCandidate): number {
  return right.fused - left.fused || left.excerpt.id.localeCompare(right.excerpt.id);
}
