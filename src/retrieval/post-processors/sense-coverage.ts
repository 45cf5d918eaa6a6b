// A rerank post-processor: the best few candidates are lifted by how much of the question they hold,
// literally or through words of the same dictionary sense (环保 ~ 绿色, "bubble" ~ 泡沫), which
// neither BM25 nor the n-gram vectors see.
import type { WeighedConcept } from '../coverage.ts';
import { literalShare } from '../coverage.ts';
import { senseCoverage } from '../coverage-evidence.ts';
import type { AnalyzedQuery } from '../analyze-query.ts';
import type { ExcerptCandidate } from '../collapse-to-excerpts.ts';
import type { Excerpt } from '../../corpus/types.ts';
import { byScore, type PostProcessor } from './post-processor.ts';

export interface SenseSources {
  /** The question's concepts, weighed. */
  concepts(query: AnalyzedQuery): WeighedConcept[];
  haystack(excerpt: Excerpt): string;
  senses(excerpt: Excerpt): ReadonlySet<string>;
}

/** Adds `weight` × sense coverage to the first `depth` candidates by score. */
export function senseCoverageBoost(weight: number, depth: number, sources: SenseSources): PostProcessor {
  return (candidates, query) => {
    const ordered = [...candidates].sort(byScore);
    if (weight === 0) return ordered;
    const concepts = sources.concepts(query);
    if (concepts.length === 0) return ordered;
    const lift = (candidate: ExcerptCandidate) => {
      const haystack = sources.haystack(candidate.excerpt);
      return weight * senseCoverage(concepts, (concept) => literalShare(concept, haystack), sources.senses(candidate.excerpt));
    };
    return ordered.map((candidate, rank) => (rank < depth ? { ...candidate, fused: candidate.fused + lift(candidate) } : candidate)).sort(byScore);
  };
}
