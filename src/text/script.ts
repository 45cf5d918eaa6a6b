// Which writing system text is in: the one test for Han (Chinese) characters, and the one rule for
// whether a text leans English. Callers count what they mean by a word; the rule compares the counts.

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
const ALL_HAN = /^\p{Script=Han}+$/u;

/** True when the text holds at least one Han character. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** True when the text is non-empty and every character is Han. */
export function isAllHan(text: string): boolean {
  return ALL_HAN.test(text);
}

/** How many Han characters the text holds. */
export function countHan(text: string): number {
  return text.match(HAN_GLOBAL)?.length ?? 0;
}

/**
 * Whether a text leans English: more Latin words than Chinese characters. A Chinese character
 * carries about as much as an English word, so a mixed question with real Chinese in it does not lean English.
 * @example leansEnglish({ latinWords: 3, hanCharacters: 3 }) // false
 */
export function leansEnglish(counts: { latinWords: number; hanCharacters: number }): boolean {
  return counts.latinWords > counts.hanCharacters;
}
