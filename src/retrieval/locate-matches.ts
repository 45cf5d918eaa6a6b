// Stage 6 of retrieval: the reranked candidates turned into results, with where the question's
// terms occur in each excerpt and the sentence that carries the most of them.
import type { WeightedTerm } from '../index/bm25-index.ts';
import type { ExcerptCandidate } from './collapse-to-excerpts.ts';
import { findMatches } from './find-matches.ts';
import type { PreparedExcerpts } from './prepared-excerpts.ts';
import type { RetrievedExcerpt } from './retriever.ts';

export function locateMatches(candidates: readonly ExcerptCandidate[], weighedTerms: readonly WeightedTerm[], prepared: PreparedExcerpts): RetrievedExcerpt[] {
  return candidates.map((candidate): RetrievedExcerpt => {
    const { matches, bestSentence } = findMatches(prepared.of(candidate.excerpt).searchable, weighedTerms);
    return {
      excerpt: candidate.excerpt,
      chunk: candidate.chunk,
      // Boosts can lift a fused score past 1; the order keeps them, the reported score stays in 0–1.
      score: round(Math.min(1, candidate.fused)),
      vectorSimilarity: round(candidate.vector),
      lexicalScore: round(candidate.lexical),
      matches,
      bestSentence,
      inQuestionDates: candidate.inQuestionDates,
    };
  });
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
