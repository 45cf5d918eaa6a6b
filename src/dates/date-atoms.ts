// The pieces both languages' date grammars build on: a date expression found in a question (an atom),
// how it relates to the range asked for, and the spans of named parts of a year.
import { calendarRange, isRealDate, monthSpan } from './calendar.ts';

export type Relation = 'since' | 'after' | 'before' | 'until' | 'between' | 'from';

export interface Atom {
  start: number;
  end: number;
  raw: string;
  /** Undefined when the expression names no year of its own (下半年, 3月, March). */
  year: number | undefined;
  relativeYear: boolean;
  /** The range for a year, or undefined when the expression is not a real date. */
  build: (year: number) => { from: string; to: string } | undefined;
}

export const RELATIVE_YEAR: Record<string, number> = {
  今年: 0,
  本年: 0,
  去年: -1,
  前年: -2,
  明年: 1,
  'this year': 0,
  'last year': -1,
  'next year': 1,
  'the year before last': -2,
  'the previous year': -1,
};

/**
 * Parts of a year, as months (13+ runs into the next year). Halves and quarters are exact. Seasons are the
 * meteorological ones (WMO; spring March–May, winter December–February). early/mid/late are the year's
 * thirds, ISO 8601-2's quadrimesters (sub-year groupings 37–39), as 上旬/中旬/下旬 are a month's. The edges
 * of a year (年初, 年中, 年底; the start, middle, end of) are narrower, two months each, as the dev questions'
 * writers used them (年初 January–February, 年底 November–December); reading them as thirds as well, one
 * convention for both, was measured on dev and lost precision on both halves (time questions 0.942 → 0.916),
 * so they are kept apart.
 */
export const PERIOD_MONTHS: Record<string, [number, number]> = {
  h1: [1, 6],
  h2: [7, 12],
  q1: [1, 3],
  q2: [4, 6],
  q3: [7, 9],
  q4: [10, 12],
  spring: [3, 5],
  summer: [6, 8],
  autumn: [9, 11],
  winter: [12, 14],
  early: [1, 4],
  mid: [5, 8],
  late: [9, 12],
  start: [1, 2],
  middle: [6, 7],
  end: [11, 12],
};
export function periodRange(year: number, period: string): { from: string; to: string } {
  const [first, last] = PERIOD_MONTHS[period]!;
  return monthSpan(year, first, last);
}

/** A part of a month: the first or last ten days, for "the start/end of January 2024". */
export function partOfMonth(year: number, month: number, part: 'start' | 'end' | 'middle'): { from: string; to: string } {
  const whole = calendarRange(year, month);
  if (part === 'start') return { from: whole.from, to: calendarRange(year, month, 10).to };
  if (part === 'middle') return { from: calendarRange(year, month, 11).from, to: calendarRange(year, month, 20).to };
  return { from: calendarRange(year, month, 21).from, to: whole.to };
}

export function monthDay(month: number, day: number | undefined) {
  return (year: number) => (isRealDate(year, month, day ?? 1) ? calendarRange(year, month, day) : undefined);
}
