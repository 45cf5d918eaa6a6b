// A rerank post-processor: a question about what something is prefers the excerpts written as
// definitions. It applies to one that asks for a definition in so many words, or to "What are new
// quality productive forces?", which names one concept only.
import { asksForDefinition, asksWhatSomethingIs, definitionCueCount } from '../../text/definition-cues.ts';
import type { AnalyzedQuery } from '../analyze-query.ts';
import { byScore, type PostProcessor } from './post-processor.ts';

export function asksWhatItIs(query: AnalyzedQuery): boolean {
  return asksForDefinition(query.question) || asksForDefinition(query.simplified) || (query.concepts.length === 1 && asksWhatSomethingIs(query.simplified));
}

/**
 * Lifts each candidate by `boost` × its share of `cuesForFullBoost` of the corpus profile's definition cues (capped at 1), in fused-score units.
 * @example definitionBoost(0.2, 3, profile.definitionCues)(candidates, analyzeQuery('什么是新质生产力？', lexicon))
 */
export function definitionBoost(boost: number, cuesForFullBoost: number, cues: readonly string[]): PostProcessor {
  return (candidates, query) => {
    if (!asksWhatItIs(query)) return [...candidates];
    const lift = (text: string) => boost * Math.min(1, definitionCueCount(text, cues) / cuesForFullBoost);
    return candidates.map((candidate) => ({ ...candidate, fused: candidate.fused + lift(candidate.excerpt.text) })).sort(byScore);
  };
}
