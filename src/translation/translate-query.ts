// Translates the English words of a question into weighted Chinese query terms, offline: phrases
// first (longest match), from the domain table and CC-CEDICT, keeping only terms the corpus uses.
import { EMPTY_PROFILE, type CorpusProfile } from '../corpus/corpus-profile.ts';
import { lexicalTerms } from '../index/lexical-terms.ts';
import { segmentPrecise } from '../text/tokenizer.ts';
import { bilingualDictionary, type BilingualDictionary } from './bilingual-dictionary.ts';
import { englishWords, phraseKey, type EnglishWord } from './english-words.ts';
import { inflectionStem } from './inflection.ts';

/** What translation needs to know of the corpus: which terms it contains and how rare they are. */
export interface Lexicon {
  has(term: string): boolean;
  idf(term: string): number;
}

export interface TranslatedConcept {
  /** The English words translated, as written. */
  english: string;
  /** Chinese terms found in the corpus, each weighted by how much it stands for the English (0–1.5). */
  terms: Array<{ term: string; weight: number }>;
}

export interface Translation {
  concepts: TranslatedConcept[];
  /** Content words with no translation the corpus contains: evidence that the corpus does not cover the question. */
  untranslated: string[];
}

/** How much translations found other than by a gloss of the word itself count, relative to those. */
export interface TranslationWeights {
  /** A gloss that is the word and one more (western → "western part" → 西部), for a word with no gloss of its own in the corpus; 0 leaves such words untranslated. */
  twoWordGloss: number;
}
const NO_FALLBACK: TranslationWeights = { twoWordGloss: 0 };

/** A profile's phrase table keyed for matching, and per first word the longest phrase it starts; built once per profile. */
interface DomainTable {
  phrases: ReadonlyMap<string, readonly string[]>;
  longestFrom: ReadonlyMap<string, number>;
  stopWords: ReadonlySet<string>;
}
const DOMAIN_TABLES = new WeakMap<CorpusProfile, DomainTable>();

function domainTable(profile: CorpusProfile): DomainTable {
  let table = DOMAIN_TABLES.get(profile);
  if (!table) {
    const stopWords = new Set(profile.stopWords.en.map((word) => word.toLowerCase()));
    const phrases = new Map(Object.entries(profile.domainPhrases).map(([english, chinese]) => [phraseKey(english), chinese]));
    const longestFrom = new Map<string, number>();
    for (const key of phrases.keys()) {
      const words = key.split(' ');
      longestFrom.set(words[0]!, Math.max(longestFrom.get(words[0]!) ?? 0, words.length));
    }
    DOMAIN_TABLES.set(profile, (table = { phrases, longestFrom, stopWords }));
  }
  return table;
}
/** Alternatives kept per English concept: enough for synonyms, few enough to keep noise out. */
const MAX_ALTERNATIVES = 4;

/**
 * @example translateEnglish('traditional industries', lexicon).concepts[0].terms[0].term // '传统产业'
 */
export function translateEnglish(
  text: string,
  lexicon: Lexicon,
  profile: CorpusProfile = EMPTY_PROFILE,
  dictionary: BilingualDictionary = bilingualDictionary(),
  weights: TranslationWeights = NO_FALLBACK,
): Translation {
  const { phrases: DOMAIN, longestFrom: DOMAIN_LONGEST_FROM, stopWords } = domainTable(profile);
  const content = englishWords(text, stopWords).filter((word) => !word.stop);
  // Each word's dictionary forms are worked out once, not once for every phrase it could start or end.
  const forms = content.map(wordForms);
  const concepts: TranslatedConcept[] = [];
  const untranslated: string[] = [];
  let position = 0;
  while (position < content.length) {
    let matched = false;
    // Only as many words as the longest key that could start here: most words start no phrase at all.
    const longest = Math.max(1, ...forms[position]!.map((form) => Math.max(dictionary.longestKeyFrom(form), DOMAIN_LONGEST_FROM.get(form) ?? 0)));
    for (let length = Math.min(longest, content.length - position); length >= 1 && !matched; length--) {
      // The phrase as written first, then with derived words in their base form (scientific technological → science technology).
      for (const key of keyVariants(forms.slice(position, position + length))) {
        const domainHeadwords = DOMAIN.get(key) ?? [];
        const headwords = dictionary.lookup(key);
        if (domainHeadwords.length === 0 && headwords.length === 0) continue;
        const terms = corpusTerms(domainHeadwords, headwords, lexicon, length);
        if (terms.length > 0) {
          concepts.push({
            english: content
              .slice(position, position + length)
              .map((word) => word.text)
              .join(' '),
            terms,
          });
          position += length;
          matched = true;
          break;
        }
      }
    }
    if (!matched) {
      const word = content[position]!;
      const glossed = weights.twoWordGloss > 0 ? twoWordGlossTerms(forms[position]!, lexicon, dictionary, weights.twoWordGloss) : [];
      if (glossed.length > 0) concepts.push({ english: word.text, terms: glossed });
      else untranslated.push(word.text);
      position++;
    }
  }
  return { concepts, untranslated };
}

/** The corpus terms of glosses that are the word and one more (western → "western part" → 西部), weighed down; single characters are too vague to count. */
function twoWordGlossTerms(
  wordForms: readonly string[],
  lexicon: Lexicon,
  dictionary: BilingualDictionary,
  weight: number,
): Array<{ term: string; weight: number }> {
  for (const form of wordForms) {
    const terms = corpusTerms([], dictionary.lookupFirstOfTwo(form), lexicon, 1).filter(({ term }) => term.length > 1);
    if (terms.length > 0) return terms.map((term) => ({ term: term.term, weight: term.weight * weight }));
  }
  return [];
}

// Adjectives and adverbs the dictionary lists under their noun or verb (technological → technology).
const DERIVATIONS: Array<[RegExp, string]> = [
  [/ological$/u, 'ology'],
  [/ical$/u, 'y'],
  [/tific$/u, 'ce'],
  [/ic$/u, 'y'],
  [/ally$/u, ''],
  [/ly$/u, ''],
  [/al$/u, ''],
  [/ive$/u, 'ion'],
];

/** The base forms a word may derive from (technological → technology), most likely first. */
function baseForms(word: string): string[] {
  return DERIVATIONS.filter(([suffix]) => suffix.test(word)).map(([suffix, replacement]) => word.replace(suffix, replacement));
}

// A headword's jieba words never change; splitting the same headwords on every question was most of the cost of translating.
const PARTS = new Map<string, string[]>();
function headwordParts(headword: string): string[] {
  let parts = PARTS.get(headword);
  if (!parts) PARTS.set(headword, (parts = segmentPrecise(headword)));
  return parts;
}

/** The stems a word is looked up by: its own, then those of the base forms it may derive from. */
function wordForms(word: EnglishWord): string[] {
  return [...new Set([word.stem, ...baseForms(word.text).map(inflectionStem)])];
}

/** Dictionary keys for a phrase, from its words' forms: as written, then with derived words replaced by their base forms. */
function keyVariants(phraseForms: ReadonlyArray<readonly string[]>): string[] {
  let variants = [''];
  for (const forms of phraseForms) variants = variants.flatMap((prefix) => forms.map((form) => (prefix === '' ? form : `${prefix} ${form}`)));
  return [...new Set(variants)];
}

/**
 * The corpus terms a set of Chinese headwords stands for: the headword itself when the corpus has
 * it, else its sub-words that it has (科学技术 → 科学, 技术) at half weight. Terms from headwords that give
 * the English as an earlier meaning come first (CC-CEDICT lists an entry's main meaning first), then rare
 * terms; multi-word English phrases weigh more than single words, and single characters little.
 */
function corpusTerms(
  domainHeadwords: readonly string[],
  headwords: readonly string[],
  lexicon: Lexicon,
  englishWordCount: number,
): Array<{ term: string; weight: number }> {
  const found = new Map<string, number>();
  // The domain table is curated: a set expression the tokeniser splits (十五五 → 十五, 五) stands for its indexed parts.
  for (const headword of domainHeadwords) {
    if (lexicon.has(headword)) found.set(headword, 1);
    else for (const part of lexicalTerms(headword)) if (part.length >= 2 && lexicon.has(part)) found.set(part, 1);
  }
  for (const headword of headwords) {
    if (lexicon.has(headword)) {
      found.set(headword, Math.max(found.get(headword) ?? 0, 1));
      continue;
    }
    // Only a headword the corpus has in full, part by part, stands for its parts (科学技术 → 科学, 技术);
    // otherwise a stray part would carry an unrelated sense (资本主义 → 主义).
    const parts = headwordParts(headword);
    if (parts.length > 1 && parts.every((part) => part.length >= 2 && lexicon.has(part))) {
      for (const part of parts) found.set(part, Math.max(found.get(part) ?? 0, 0.5));
    }
  }
  const phraseBonus = 1 + 0.25 * (englishWordCount - 1);
  // A term's place is that of the first headword, main meanings first, that holds it, used or not.
  const order = new Map<string, number>();
  headwords.forEach((headword, place) => {
    for (const term of [headword, ...headwordParts(headword)]) if (!order.has(term)) order.set(term, place);
  });
  const dictionaryOrder = (term: string) => order.get(term) ?? 0;
  return [...found]
    .map(([term, directness]) => ({ term, directness: term.length === 1 ? directness * 0.3 : directness }))
    .sort(
      (left, right) =>
        right.directness - left.directness ||
        dictionaryOrder(left.term) - dictionaryOrder(right.term) ||
        lexicon.idf(right.term) - lexicon.idf(left.term) ||
        left.term.localeCompare(right.term),
    )
    .slice(0, MAX_ALTERNATIVES)
    .map(({ term, directness }, rank, kept) => ({ term, weight: (phraseBonus * directness) / Math.sqrt(kept.length) / (rank === 0 ? 1 : 1.5) }));
}
