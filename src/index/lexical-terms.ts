// The terms the lexical index stores for a text, and looks up for a query.
import { toSimplified } from '../text/chinese-script.ts';
import { segmentWords } from '../text/tokenizer.ts';

/** jieba search-mode words of the Simplified text, lower-cased, punctuation dropped. */
export function lexicalTerms(text: string): string[] {
  return segmentWords(toSimplified(text));
}
