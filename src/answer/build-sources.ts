// Numbers the retrieved excerpts as the sources an answer may cite.
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retrieval } from '../retrieval/retriever.ts';
import type { Source } from './types.ts';

export function buildSources(retrieval: Retrieval, store: Pick<ExcerptStore, 'documentTitle' | 'byline'>, limit: number): Source[] {
  return retrieval.results.slice(0, limit).map((result, position) => {
    const byline = store.byline(result.excerpt);
    return {
      n: position + 1,
      id: result.excerpt.id,
      section: result.excerpt.section,
      documentTitle: store.documentTitle(result.excerpt.documentId),
      ...(result.excerpt.speaker === undefined ? {} : { speaker: result.excerpt.speaker }),
      ...(byline === undefined ? {} : { byline }),
      date: result.excerpt.date,
      occasion: result.excerpt.occasion,
      text: result.excerpt.text,
      highlight: result.bestSentence,
    };
  });
}

/**
 * Renumbers the sources in the order the text first cites them, so that markers read [1], [2], … with no
 * gaps and the source list follows them; sources the text does not cite come after, in their order.
 * @example renumberByFirstCitation('「…」[3] 「…」[1]', sources).text // '「…」[1] 「…」[2]'
 */
export function renumberByFirstCitation(text: string, sources: readonly Source[]): { text: string; sources: Source[] } {
  const known = new Set(sources.map((source) => source.n));
  const order: number[] = [];
  for (const match of text.matchAll(/\[(\d+)\]/gu)) {
    const n = Number(match[1]);
    if (known.has(n) && !order.includes(n)) order.push(n);
  }
  for (const source of sources) if (!order.includes(source.n)) order.push(source.n);
  const renumbered = new Map(order.map((n, index) => [n, index + 1]));
  return {
    text: text.replace(/\[(\d+)\]/gu, (marker, n: string) => (renumbered.has(Number(n)) ? `[${renumbered.get(Number(n))}]` : marker)),
    sources: sources.map((source) => ({ ...source, n: renumbered.get(source.n)! })).sort((left, right) => left.n - right.n),
  };
}
