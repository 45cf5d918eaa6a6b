// Finds date expressions in a question (2024年12月, 2025年3月以来, 最近) and turns them into a date range.

export interface DateRange {
  /** Inclusive ISO dates, yyyy-mm-dd; either end may be open. */
  from: string | undefined;
  to: string | undefined;
}

export interface DateIntent {
  range: DateRange | undefined;
  /** The question asks for the newest material (最新, 最近, "the latest"). */
  latest: boolean;
  /** The question with the date expressions blanked out, so that 2024 and 年 do not act as search words. */
  remainder: string;
}

const CHINESE_DATE = /(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?(\s*(?:以来|以后|之后|起|后|以前|之前|前))?/gu;
const CHINESE_LATEST = /最新|最近|近期|新近/u;
const SINCE = /以来|以后|之后|起|后/u;

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (value: number) => String(value).padStart(2, '0');

/** The range a calendar expression covers: a whole year, a whole month, or one day. */
export function calendarRange(year: number, month?: number, day?: number): { from: string; to: string } {
  if (month === undefined) return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (day === undefined) return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}` };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return { from: date, to: date };
}

/** Widens a range so that it covers another; used when a question names several dates. */
export function unionRange(left: DateRange | undefined, right: DateRange): DateRange {
  if (!left) return right;
  return {
    from: left.from === undefined || right.from === undefined ? undefined : left.from < right.from ? left.from : right.from,
    to: left.to === undefined || right.to === undefined ? undefined : left.to > right.to ? left.to : right.to,
  };
}

/**
 * @example findChineseDates('2024年12月说了什么') // { range: { from: '2024-12-01', to: '2024-12-31' }, latest: false, … }
 */
export function findChineseDates(question: string): DateIntent {
  let range: DateRange | undefined;
  const remainder = question.replace(CHINESE_DATE, (_match, year: string, month?: string, day?: string, relation?: string) => {
    const covered = calendarRange(Number(year), month ? Number(month) : undefined, day ? Number(day) : undefined);
    const relative = relation?.trim();
    const expression: DateRange = !relative ? covered : SINCE.test(relative) ? { from: covered.from, to: undefined } : { from: undefined, to: covered.to };
    range = unionRange(range, expression);
    return ' ';
  });
  return { range, latest: CHINESE_LATEST.test(question), remainder };
}

export function inRange(date: string, range: DateRange): boolean {
  return (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}
