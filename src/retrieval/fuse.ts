// Stage 3 of retrieval: the two sides' candidates fused into one score per chunk, by a strategy:
// relative score fusion (each side scaled 0–1 by its best hit, then weighted) or reciprocal rank fusion.
import type { RetrievalSettings } from './retrieval-settings.ts';
import type { Candidates } from './candidates.ts';

export interface FusedChunk {
  /** The chunk's label in both indexes. */
  label: number;
  /** Fused relevance, 0–1 before any boost, higher is better. */
  fused: number;
  /** Raw BM25 score, 0 when the lexical side did not find the chunk. */
  lexical: number;
  /** Cosine similarity, 0 when the vector side did not find the chunk. */
  vector: number;
}

/** Fuses both sides' candidates; chunks come out lexical hits first, then those only the vector side found. */
export type FusionStrategy = (candidates: Candidates) => FusedChunk[];

/** Each chunk's score on either side, lexical hits first: the order ties between excerpts are settled in. */
function joinByChunk({ lexical, vector }: Candidates): Map<number, { lexical: number; vector: number }> {
  const byChunk = new Map<number, { lexical: number; vector: number }>();
  for (const hit of lexical) byChunk.set(hit.label, { lexical: hit.score, vector: 0 });
  for (const hit of vector) {
    const entry = byChunk.get(hit.label) ?? { lexical: 0, vector: 0 };
    entry.vector = hit.similarity;
    byChunk.set(hit.label, entry);
  }
  return byChunk;
}

/**
 * Scores are fused after scaling each side to 0–1 by its best hit: BM25 is unbounded, cosine is not.
 * With no lexical hit at all, the vector side takes the whole weight.
 * @example relativeScoreFusion(0.6)({ lexical: [{ label: 1, score: 4 }], vector: [{ label: 1, similarity: 0.5 }] }) // [{ label: 1, fused: 1, … }]
 */
export function relativeScoreFusion(lexicalWeight: number): FusionStrategy {
  return (candidates) => {
    const topLexical = candidates.lexical[0]?.score ?? 0;
    const topVector = candidates.vector[0]?.similarity ?? 0;
    const weight = topLexical > 0 ? lexicalWeight : 0;
    return [...joinByChunk(candidates)].map(([label, { lexical, vector }]) => ({
      label,
      fused: weight * (topLexical > 0 ? lexical / topLexical : 0) + (1 - weight) * (topVector > 0 ? vector / topVector : 0),
      lexical,
      vector,
    }));
  };
}

/** Reciprocal rank fusion (Cormack et al., 2009), scaled so that a chunk ranked first on both sides scores 1. */
export function reciprocalRankFusion(rankConstant: number): FusionStrategy {
  const reciprocal = (rank: number | undefined) => (rank === undefined ? 0 : 1 / (rankConstant + rank));
  return (candidates) => {
    const lexicalRanks = rankByLabel(candidates.lexical);
    const vectorRanks = rankByLabel(candidates.vector);
    return [...joinByChunk(candidates)].map(([label, { lexical, vector }]) => ({
      label,
      fused: (reciprocal(lexicalRanks.get(label)) + reciprocal(vectorRanks.get(label))) / (2 / (rankConstant + 1)),
      lexical,
      vector,
    }));
  };
}

function rankByLabel(hits: ReadonlyArray<{ label: number }>): Map<number, number> {
  return new Map(hits.map((hit, rank) => [hit.label, rank + 1]));
}

/** The strategy the settings name. */
export function fusionFor(settings: Pick<RetrievalSettings, 'fusion' | 'lexicalWeight' | 'rrfK'>): FusionStrategy {
  return settings.fusion === 'rrf' ? reciprocalRankFusion(settings.rrfK) : relativeScoreFusion(settings.lexicalWeight);
}
