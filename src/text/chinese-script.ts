// Traditional → Simplified conversion and the normalisation used to compare quotes with sources.
import * as OpenCC from 'opencc-js';

type Convert = (text: string) => string;
let converters: { detect: Convert; toSimplified: Convert } | undefined;

function loadConverters() {
  // Character-level table for detection only: it leaves Simplified text unchanged (著 stays 著),
  // whereas the Taiwan phrase converter would rewrite an already Simplified 显著 as 显着.
  converters ??= { detect: OpenCC.Converter({ from: 't', to: 'cn' }), toSimplified: OpenCC.Converter({ from: 'twp', to: 'cn' }) };
  return converters;
}

// Whether each character is Traditional-only, decided once per character: converting whole texts
// to find out cost 0.06 ms per 100 characters, most of the time it took to embed a passage.
const traditionalCharacter = new Map<string, boolean>();

/** True when the text contains characters that exist only in Traditional Chinese. */
export function looksTraditional(text: string): boolean {
  for (const character of text) {
    if (character.charCodeAt(0) < 0x2e80) continue;
    let traditional = traditionalCharacter.get(character);
    if (traditional === undefined) {
      traditional = loadConverters().detect(character) !== character;
      traditionalCharacter.set(character, traditional);
    }
    if (traditional) return true;
  }
  return false;
}

/**
 * Converts Traditional Chinese (with Taiwan phrases: 軟體 → 软件, 著力 → 着力) to Simplified,
 * and leaves text that is already Simplified untouched.
 */
export function toSimplified(text: string): string {
  return looksTraditional(text) ? loadConverters().toSimplified(text) : text;
}

/** Folds full-width Latin letters and digits (ＡＩ, ２０２４) to ASCII; Chinese punctuation stays. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/gu, (character) => String.fromCharCode(character.charCodeAt(0) - 0xfee0));
}

/**
 * Canonical form for verbatim comparison: all of width folded (NFKC), white space removed,
 * Traditional folded to Simplified, Latin letters lower-cased.
 */
export function normalizeForComparison(text: string): string {
  return toSimplified(text.normalize('NFKC').replace(/\s+/gu, '')).toLowerCase();
}
