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
const CHINESE_LATEST = /最新|最近|近期|新近/gu;
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

/** The day before an ISO date: "before 2024" ends on 2023-12-31. */
function dayBefore(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
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
    const expression: DateRange = !relative ? covered : SINCE.test(relative) ? { from: covered.from, to: undefined } : { from: undefined, to: dayBefore(covered.from) };
    range = unionRange(range, expression);
    return ' ';
  });
  return { range, ...takeLatest(remainder, CHINESE_LATEST) };
}

/**
 * The words for "latest" are read here and leave the question, so they are not searched for.
 * Whether there were any is whether blanking them changed the text: a global regex's test() would
 * carry its lastIndex over to the next question.
 */
function takeLatest(text: string, latestWords: RegExp): { latest: boolean; remainder: string } {
  const remainder = text.replace(latestWords, ' ');
  return { latest: remainder !== text, remainder };
}

export function inRange(date: string, range: DateRange): boolean {
  return (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}

const MONTH_NUMBERS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = Object.keys(MONTH_NUMBERS).sort((left, right) => right.length - left.length).join('|');
const ENGLISH_DATE = new RegExp(
  `\\b(?:(since|after|from|before|until|prior to)\\s+)?(?:(?:(\\d{1,2})(?:st|nd|rd|th)?\\s+)?(${MONTH})\\.?(?:\\s+(\\d{1,2})(?:st|nd|rd|th)?,?)?\\s+(\\d{4})|(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?)\\b`,
  'giu',
);
const ENGLISH_LATEST = /\b(?:latest|most recent(?:ly)?|newest|recently|lately)\b/giu;

/**
 * "December 2024", "in 2025", "since March 2024", "24 June 2024", "the latest" as date intents.
 * @example findEnglishDates('What was said in December 2024?').range // { from: '2024-12-01', to: '2024-12-31' }
 */
export function findEnglishDates(question: string): DateIntent {
  let range: DateRange | undefined;
  const remainder = question.replace(ENGLISH_DATE, (match, relation?: string, dayFirst?: string, monthName?: string, dayAfter?: string, monthYear?: string, bareYear?: string, isoMonth?: string, isoDay?: string) => {
    const year = Number(monthYear ?? bareYear);
    if (year < 1900 || year > 2100) return match;
    const month = monthName ? MONTH_NUMBERS[monthName.toLowerCase()] : isoMonth ? Number(isoMonth) : undefined;
    const dayText = dayFirst ?? dayAfter ?? isoDay;
    const covered = calendarRange(year, month, dayText ? Number(dayText) : undefined);
    const since = relation && /since|after|from/iu.test(relation);
    const until = relation && /before|until|prior/iu.test(relation);
    range = unionRange(range, since ? { from: covered.from, to: undefined } : until ? { from: undefined, to: dayBefore(covered.from) } : covered);
    return ' ';
  });
  return { range, ...takeLatest(remainder, ENGLISH_LATEST) };
}

/** Both languages' date expressions, for mixed questions. */
export function findDates(question: string): DateIntent {
  const chinese = findChineseDates(question);
  const english = findEnglishDates(chinese.remainder);
  const range = chinese.range && english.range ? unionRange(chinese.range, english.range) : (chinese.range ?? english.range);
  return { range, latest: chinese.latest || english.latest, remainder: english.remainder };
}
