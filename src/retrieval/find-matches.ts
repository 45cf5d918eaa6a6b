// Locates a question's terms in an excerpt, and the sentence that carries the most of them.
import { splitSentences } from '../chunking/split-sentences.ts';
import type { WeightedTerm } from '../index/bm25-index.ts';

export interface TextSpan {
  /** Offsets in the excerpt text, UTF-16 code units, end exclusive. */
  start: number;
  end: number;
}

export function findMatches(text: string, terms: readonly WeightedTerm[], idf: (term: string) => number): { matches: TextSpan[]; bestSentence: TextSpan } {
  const lowered = text.toLowerCase();
  const spans: Array<TextSpan & { term: string; weight: number }> = [];
  for (const { term, weight } of terms) {
    let from = 0;
    for (let at = lowered.indexOf(term, from); at !== -1; at = lowered.indexOf(term, from)) {
      spans.push({ start: at, end: at + term.length, term, weight: weight * idf(term) });
      from = at + term.length;
    }
  }
  const sentences = splitSentences(text);
  let bestSentence: TextSpan = sentences[0] ? { start: sentences[0].start, end: sentences[0].end } : { start: 0, end: text.length };
  let bestWeight = 0;
  for (const sentence of sentences) {
    // Each distinct term counts once, so a sentence that repeats a common word does not win.
    const inside = new Map(spans.filter((span) => span.start >= sentence.start && span.end <= sentence.end).map((span) => [span.term, span.weight]));
    const weight = [...inside.values()].reduce((sum, value) => sum + value, 0);
    if (weight > bestWeight) {
      bestWeight = weight;
      bestSentence = { start: sentence.start, end: sentence.end };
    }
  }
  return { matches: mergeSpans(spans), bestSentence };
}

function mergeSpans(spans: readonly TextSpan[]): TextSpan[] {
  const sorted = [...spans].sort((left, right) => left.start - right.start || right.end - left.end);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}
