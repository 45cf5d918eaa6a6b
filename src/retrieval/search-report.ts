// A retrieval as plain JSON, the same for the HTTP API and the command line.
import type { SearchResponse } from '../protocol/responses.ts';
import type { Retrieval } from './retriever.ts';

export function searchReport(query: string, retrieval: Retrieval): SearchResponse {
  return {
    query,
    covered: retrieval.covered,
    confidence: retrieval.confidence,
    results: retrieval.results.map((result) => ({
      id: result.excerpt.id,
      documentId: result.excerpt.documentId,
      ...(result.excerpt.speaker === undefined ? {} : { speaker: result.excerpt.speaker }),
      section: result.excerpt.section,
      date: result.excerpt.date,
      occasion: result.excerpt.occasion,
      score: result.score,
      text: result.excerpt.text,
      /** Offsets of the query's terms in `text`. */
      matches: result.matches,
      /** Offsets of the sentence that matches best. */
      bestSentence: result.bestSentence,
    })),
  };
}
