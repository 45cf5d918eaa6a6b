// Locates a question's terms in an excerpt, and the sentence that carries the most of them; scores a
// sentence the same way for the answer layer. Terms come weighed already (weight × corpus IDF).
import { splitSentences } from '../chunking/split-sentences.ts';
import type { WeightedTerm } from '../index/bm25-index.ts';

export interface TextSpan {
  /** Offsets in the excerpt text, UTF-16 code units, end exclusive. */
  start: number;
  end: number;
}

/** A text prepared once for matching many questions against it. */
export interface SearchableText {
  /** Lower-cased, so that Latin terms match whatever their case; offsets are those of the original. */
  lowered: string;
  sentences: readonly TextSpan[];
}

export function searchableText(text: string): SearchableText {
  return { lowered: text.toLowerCase(), sentences: splitSentences(text).map(({ start, end }) => ({ start, end })) };
}

interface TermSpan extends TextSpan {
  term: string;
  weight: number;
}

/** The query's terms with each weight multiplied by the term's IDF: what matching and sentence scores sum. */
export function weighTerms(terms: readonly WeightedTerm[], idf: (term: string) => number): WeightedTerm[] {
  return terms.map(({ term, weight }) => ({ term, weight: weight * idf(term) }));
}

/**
 * How much of the question a sentence carries: the summed weight of the distinct weighed terms in it.
 * @example sentenceScore([{ term: '创新', weight: 2.1 }], '科技创新是核心') // 2.1
 */
export function sentenceScore(weighedTerms: readonly WeightedTerm[], sentence: string): number {
  const lowered = sentence.toLowerCase();
  return weighedTerms.reduce((sum, { term, weight }) => (lowered.includes(term) ? sum + weight : sum), 0);
}

export function findMatches({ lowered, sentences }: SearchableText, weighedTerms: readonly WeightedTerm[]): { matches: TextSpan[]; bestSentence: TextSpan } {
  const spans: TermSpan[] = [];
  for (const { term, weight } of weighedTerms) {
    let from = 0;
    for (let at = lowered.indexOf(term, from); at !== -1; at = lowered.indexOf(term, from)) {
      spans.push({ start: at, end: at + term.length, term, weight });
      from = at + term.length;
    }
  }
  spans.sort((left, right) => left.start - right.start || right.end - left.end);
  return { matches: mergeSpans(spans), bestSentence: bestSentence(sentences, spans, lowered.length) };
}

/** The sentence whose distinct terms weigh most; each term counts once, so repeating a common word does not win. */
function bestSentence(sentences: readonly TextSpan[], sortedSpans: readonly TermSpan[], textLength: number): TextSpan {
  let best: TextSpan = sentences[0] ? { start: sentences[0].start, end: sentences[0].end } : { start: 0, end: textLength };
  let bestWeight = 0;
  let next = 0;
  for (const sentence of sentences) {
    while (next < sortedSpans.length && sortedSpans[next]!.start < sentence.start) next++;
    const seen = new Set<string>();
    let weight = 0;
    for (let index = next; index < sortedSpans.length && sortedSpans[index]!.start < sentence.end; index++) {
      const span = sortedSpans[index]!;
      if (span.end > sentence.end || seen.has(span.term)) continue;
      seen.add(span.term);
      weight += span.weight;
    }
    if (weight > bestWeight) {
      bestWeight = weight;
      best = { start: sentence.start, end: sentence.end };
    }
  }
  return best;
}

/** Overlapping or touching spans, sorted by start, joined into one. */
function mergeSpans(sortedSpans: readonly TextSpan[]): TextSpan[] {
  const merged: TextSpan[] = [];
  for (const span of sortedSpans) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}
