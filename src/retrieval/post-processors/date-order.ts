// A rerank post-processor for questions that name dates: excerpts within the question's dates come
// first; for "the latest", the relevant ones (scoring at least `latestRelevance` of the best) come
// newest first; the rest stay in score order.
import type { ExcerptCandidate } from '../collapse-to-excerpts.ts';
import { byScore, type PostProcessor } from './post-processor.ts';

/** @example dateOrder(0.5)(candidates, analyzeQuery('最新的讲话说了什么？', lexicon)) */
export function dateOrder(latestRelevance: number): PostProcessor {
  return (candidates, query) => {
    const { range } = query.dates;
    const latest = query.dates.order === 'latest';
    if (!range && !latest) return [...candidates];
    const latestAbove = latest ? Math.max(0, ...candidates.map((candidate) => candidate.fused)) * latestRelevance : undefined;
    return [...candidates].sort((left, right) => compareByDates(left, right, range !== undefined, latestAbove));
  };
}

function compareByDates(left: ExcerptCandidate, right: ExcerptCandidate, hasRange: boolean, latestAbove: number | undefined): number {
  if (hasRange && left.inQuestionDates !== right.inQuestionDates) return left.inQuestionDates ? -1 : 1;
  if (latestAbove !== undefined) {
    const leftRelevant = left.fused >= latestAbove;
    if (leftRelevant !== right.fused >= latestAbove) return leftRelevant ? -1 : 1;
    if (leftRelevant && left.excerpt.date !== right.excerpt.date) return right.excerpt.date.localeCompare(left.excerpt.date);
  }
  return byScore(left, right);
}
