// Numbers the retrieved excerpts as the sources an answer may cite.
import type { Retrieval } from '../retrieval/retriever.ts';
import type { Source } from './types.ts';

export function buildSources(retrieval: Retrieval, documentTitle: (documentId: string) => string, limit: number): Source[] {
  return retrieval.results.slice(0, limit).map((result, position) => ({
    n: position + 1,
    id: result.excerpt.id,
    section: result.excerpt.section,
    documentTitle: documentTitle(result.excerpt.documentId),
    date: result.excerpt.date,
    occasion: result.excerpt.occasion,
    text: result.excerpt.text,
    highlight: result.bestSentence,
  }));
}
