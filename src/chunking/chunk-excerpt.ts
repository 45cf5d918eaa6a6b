// Cuts an excerpt into chunks for indexing: whole when short, else at sentence ends with overlap.
import type { Excerpt } from '../corpus/types.ts';
import { splitSentences } from './split-sentences.ts';

export interface ChunkingOptions {
  /** An excerpt longer than this many characters is split. */
  maxChars: number;
  /** How many sentences each chunk repeats from the end of the chunk before it. */
  overlapSentences: number;
}

export interface Chunk {
  /** `<excerpt-id>:<n>`, n counting from 0 within the excerpt. */
  id: string;
  excerptId: string;
  text: string;
  /** Offsets of the chunk in the excerpt text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

/**
 * A sentence longer than maxChars on its own becomes a chunk of its own: a chunk never ends mid-sentence.
 * @example chunkExcerpt(excerpt, { maxChars: 500, overlapSentences: 1 })
 */
export function chunkExcerpt(excerpt: Pick<Excerpt, 'id' | 'text'>, options: ChunkingOptions): Chunk[] {
  const whole = (): Chunk[] => [{ id: `${excerpt.id}:0`, excerptId: excerpt.id, text: excerpt.text, start: 0, end: excerpt.text.length }];
  if (excerpt.text.length <= options.maxChars) return whole();

  const sentences = splitSentences(excerpt.text);
  if (sentences.length <= 1) return whole();

  const groups: Array<{ first: number; last: number }> = [];
  let first = 0;
  while (first < sentences.length) {
    let last = first;
    while (last + 1 < sentences.length && sentences[last + 1]!.end - sentences[first]!.start <= options.maxChars) last++;
    groups.push({ first, last });
    if (last === sentences.length - 1) break;
    // Step back for the overlap, but always move forward by at least one sentence.
    first = Math.max(first + 1, last + 1 - options.overlapSentences);
  }

  return groups.map(({ first: firstIndex, last: lastIndex }, n) => {
    const start = sentences[firstIndex]!.start;
    const end = sentences[lastIndex]!.end;
    return { id: `${excerpt.id}:${n}`, excerptId: excerpt.id, text: excerpt.text.slice(start, end), start, end };
  });
}
