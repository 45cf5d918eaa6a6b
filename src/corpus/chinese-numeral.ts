// Chinese numerals as used in section headings (一 … 九百九十九), both ways.

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

/** @example formatChineseNumeral(15) // '十五'; formatChineseNumeral(105) // '一百零五' */
export function formatChineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value > 999) throw new RangeError(`no heading numeral for ${value}`);
  const hundreds = Math.floor(value / 100);
  const tens = Math.floor((value % 100) / 10);
  const ones = value % 10;
  if (hundreds === 0) {
    const tensPart = tens === 0 ? '' : tens === 1 ? '十' : `${DIGITS[tens]}十`;
    return tensPart + (ones === 0 ? '' : DIGITS[ones]);
  }
  // Above a hundred the tens are always spoken (一百一十), and a missing tens place is 零 (一百零五).
  const tensPart = tens === 0 ? (ones === 0 ? '' : '零') : `${DIGITS[tens]}十`;
  return `${DIGITS[hundreds]}百${tensPart}${ones === 0 ? '' : DIGITS[ones]}`;
}
