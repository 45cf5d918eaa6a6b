// Questions asked in slightly different ways count as one in the dashboard: same characters, ignoring
// case, width, spacing and punctuation.

/**
 * @example questionKey('What is  new-quality productivity?') === questionKey('what is new quality productivity')
 */
export function questionKey(question: string): string {
  return question
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, '');
}
