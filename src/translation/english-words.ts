// English words of a question: lower-cased, stop words marked, inflections removed for dictionary matching.
import stopwords from './data/english-stopwords.json' with { type: 'json' };
import { inflectionStem } from './inflection.ts';

const STOPWORDS: ReadonlySet<string> = new Set(stopwords.words);
const NONE: ReadonlySet<string> = new Set();
const WORD = /[a-z0-9]+(?:['’-][a-z0-9]+)*/gu;

export interface EnglishWord {
  /** As written, lower-cased. */
  text: string;
  stem: string;
  stop: boolean;
}

/**
 * Hyphenated words are split (high-quality → high, quality), possessives dropped (nation's → nation).
 * `corpusStopWords` adds a corpus's own topic-less words (its speaker's name) to the general list.
 */
export function englishWords(text: string, corpusStopWords: ReadonlySet<string> = NONE): EnglishWord[] {
  const words: EnglishWord[] = [];
  for (const [token] of text.toLowerCase().matchAll(WORD)) {
    for (const part of token.replace(/['’]s$/u, '').split(/['’-]/u)) {
      if (part.length === 0) continue;
      words.push({
        text: part,
        stem: inflectionStem(part),
        stop: STOPWORDS.has(part) || corpusStopWords.has(part) || part.length === 1 || /^\d+$/u.test(part),
      });
    }
  }
  return words;
}

/** The dictionary key of an English phrase: the stems of its content words, in order. */
export function phraseKey(text: string): string {
  return englishWords(text)
    .filter((word) => !word.stop)
    .map((word) => word.stem)
    .join(' ');
}
