// Between fusion and reranking: fused chunks collapsed to the best chunk of each excerpt, since
// answers cite excerpts, each marked with whether its date is within the dates the question names.
import type { Excerpt } from '../corpus/types.ts';
import type { StoredChunk } from '../index/search-index.ts';
import { inRange, type DateRange } from '../dates/calendar.ts';
import type { FusedChunk } from './fuse.ts';

export interface ExcerptCandidate {
  excerpt: Excerpt;
  /** The excerpt's best chunk. */
  chunk: Pick<StoredChunk, 'id' | 'start' | 'end'>;
  /** Fused relevance of that chunk; post-processors may lift it past 1. */
  fused: number;
  lexical: number;
  vector: number;
  inQuestionDates: boolean;
}

export interface ChunkLookup {
  chunkAt(label: number): Pick<StoredChunk, 'id' | 'start' | 'end' | 'excerptId'>;
  excerptById(id: string): Excerpt;
}

/** One candidate per excerpt, its best-scoring chunk (the first of equals), in the order excerpts were first seen. */
export function collapseToExcerpts(fused: readonly FusedChunk[], lookup: ChunkLookup, questionDates: DateRange | undefined): ExcerptCandidate[] {
  const best = new Map<string, { chunk: Pick<StoredChunk, 'id' | 'start' | 'end' | 'excerptId'>; fused: number; lexical: number; vector: number }>();
  for (const { label, fused: score, lexical, vector } of fused) {
    const chunk = lookup.chunkAt(label);
    const current = best.get(chunk.excerptId);
    if (!current || score > current.fused) best.set(chunk.excerptId, { chunk, fused: score, lexical, vector });
  }
  return [...best.values()].map(({ chunk, fused: score, lexical, vector }) => {
    const excerpt = lookup.excerptById(chunk.excerptId);
    const inQuestionDates = questionDates ? inRange(excerpt.date, questionDates) : false;
    return { excerpt, chunk: { id: chunk.id, start: chunk.start, end: chunk.end }, fused: score, lexical, vector, inQuestionDates };
  });
}
