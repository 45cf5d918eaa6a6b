// Chinese tokenisation for indexing and querying, on jieba's search mode (words plus sub-words).
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  // Loading the dictionary takes ~100 ms and 11 MB (its module reads the files as it is imported), so it
  // happens on first use, not at import: a server's main thread whose retrieval thread segments never needs it.
  jieba ??= Jieba.withDict((createRequire(import.meta.url)('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js')).dict);
  return jieba;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Words of the text in jieba search mode: every word and its dictionary sub-words, punctuation dropped. */
export function segmentWords(text: string): string[] {
  return segmenter()
    .cutForSearch(text, true)
    .map((word) => word.trim().toLowerCase())
    .filter((word) => WORD_CHARACTER.test(word));
}

/** Words of the text in jieba's default (precise) mode, punctuation kept out. */
export function segmentPrecise(text: string): string[] {
  return segmenter()
    .cut(text, true)
    .map((word) => word.trim())
    .filter((word) => WORD_CHARACTER.test(word));
}

/** True when jieba reads the whole string as one word (e.g. 天天), false for 因因. */
export function isSingleWord(text: string): boolean {
  const words = segmenter().cut(text, false);
  return words.length === 1 && words[0] === text;
}
