// Splits Chinese (and mixed) text into sentences, keeping offsets, never breaking inside one.

export interface SentenceSpan {
  text: string;
  /** Offset of the first character in the source text (UTF-16 code units). */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

// A sentence ends at 。！？； (or their ASCII forms, or a line break), together with any closing
// quotes or brackets that follow the mark.
const SENTENCE = /[^。！？；!?;\n]*(?:[。！？；!?;]+["”’」』）)]*|\n|$)/gu;

/**
 * @example splitSentences('甲。乙！') // [{text:'甲。',start:0,end:2},{text:'乙！',start:2,end:4}]
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const match of text.matchAll(SENTENCE)) {
    const raw = match[0];
    if (raw === '') continue;
    const leading = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const start = match.index + leading;
    spans.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return spans;
}
