// Chinese numerals as used in section headings (一 … 九十九), both ways.

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
const DIGIT_VALUE = new Map<string, number>(DIGITS.map((digit, value) => [digit, value]));
DIGIT_VALUE.set('〇', 0);
DIGIT_VALUE.set('两', 2);

export const CHINESE_NUMERAL_PATTERN = /^[零〇一二两三四五六七八九十百]+$/u;

/**
 * Value of a Chinese numeral below 1000, or undefined when the string is not one.
 * @example parseChineseNumeral('十五') // 15
 */
export function parseChineseNumeral(numeral: string): number | undefined {
  if (!CHINESE_NUMERAL_PATTERN.test(numeral)) return undefined;
  let total = 0;
  let pending = 0;
  for (const character of numeral) {
    if (character === '百') {
      total += (pending || 1) * 100;
      pending = 0;
    } else if (character === '十') {
      total += (pending || 1) * 10;
      pending = 0;
    } else {
      const value = DIGIT_VALUE.get(character);
      if (value === undefined) return undefined;
      pending = pending * 10 + value;
    }
  }
  const value = total + pending;
  return value > 0 ? value : undefined;
}

/** @example formatChineseNumeral(15) // '十五' */
export function formatChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 99) throw new RangeError(`no heading numeral for ${value}`);
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
  return tensPart + (ones === 0 ? '' : DIGITS[ones]);
}
