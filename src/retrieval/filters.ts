// The search filters (dates, occasion, documents, speaker) as a test on chunk labels, which both candidate
// sides apply while they search.
import type { Excerpt } from '../corpus/types.ts';
import type { StoredChunk } from '../index/search-index.ts';
import { toSimplified } from '../text/chinese-script.ts';
import { inRange, type DateRange } from '../dates/calendar.ts';
import type { RetrievalFilters } from './retriever.ts';

/** Whether a chunk may be returned, or undefined when the filters admit everything. */
export function chunkFilter(
  filters: RetrievalFilters,
  excerpts: readonly Excerpt[],
  chunks: readonly Pick<StoredChunk, 'excerptId'>[],
): ((label: number) => boolean) | undefined {
  const range: DateRange | undefined = filters.from || filters.to ? { from: filters.from, to: filters.to } : undefined;
  const occasion = filters.occasion ? toSimplified(filters.occasion.trim()) : undefined;
  const documents = filters.documentIds && filters.documentIds.length > 0 ? new Set(filters.documentIds) : undefined;
  const speaker = filters.speaker;
  if (!range && !occasion && !documents && speaker === undefined) return undefined;
  const admitted = new Set<string>();
  for (const excerpt of excerpts) {
    if (range && !inRange(excerpt.date, range)) continue;
    if (occasion && !excerpt.occasion.includes(occasion)) continue;
    if (documents && !documents.has(excerpt.documentId)) continue;
    if (speaker !== undefined && excerpt.speaker !== speaker) continue;
    admitted.add(excerpt.id);
  }
  return (label) => admitted.has(chunks[label]!.excerptId);
}
