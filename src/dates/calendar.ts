// Calendar arithmetic on ISO dates (yyyy-mm-dd): ranges, validity, neighbours. Strings compare in date order.

export interface DateRange {
  /** Inclusive ISO dates, yyyy-mm-dd; either end may be open. */
  from: string | undefined;
  to: string | undefined;
}

export const pad = (value: number) => String(value).padStart(2, '0');

export function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether year, month and day name a real calendar day (no 13月, no 0日, no 30 February). */
export function isRealDate(year: number, month: number, day = 1): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month);
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The range a calendar expression covers: a whole year, a whole month, or one day. */
export function calendarRange(year: number, month?: number, day?: number): { from: string; to: string } {
  if (month === undefined) return { from: isoDate(year, 1, 1), to: isoDate(year, 12, 31) };
  if (day === undefined) return { from: isoDate(year, month, 1), to: isoDate(year, month, lastDayOfMonth(year, month)) };
  const date = isoDate(year, month, day);
  return { from: date, to: date };
}

/** Months firstMonth..lastMonth of a year; lastMonth past 12 runs into the next year (winter: 12..14). */
export function monthSpan(year: number, firstMonth: number, lastMonth: number): { from: string; to: string } {
  const endYear = year + Math.floor((lastMonth - 1) / 12);
  const endMonth = ((lastMonth - 1) % 12) + 1;
  return { from: isoDate(year, firstMonth, 1), to: isoDate(endYear, endMonth, lastDayOfMonth(endYear, endMonth)) };
}

const DAY_MS = 86_400_000;

/** The day before an ISO date: "before 2024" ends on 2023-12-31. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** The day after an ISO date: "after June 2024" starts on 2024-07-01. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Days between two ISO dates, absolute. */
export function daysBetween(left: string, right: string): number {
  return Math.abs(Date.parse(`${left}T00:00:00Z`) - Date.parse(`${right}T00:00:00Z`)) / DAY_MS;
}

export function inRange(date: string, range: DateRange): boolean {
  return (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}

/** The earlier of two ISO dates (they compare as strings). */
export const earlier = (left: string, right: string) => (left < right ? left : right);
/** The later of two ISO dates. */
export const later = (left: string, right: string) => (left > right ? left : right);

/** Widens a range so that it covers another; used when a question names several dates. */
export function unionRange(left: DateRange | undefined, right: DateRange): DateRange {
  if (!left) return right;
  return {
    from: left.from === undefined || right.from === undefined ? undefined : earlier(left.from, right.from),
    to: left.to === undefined || right.to === undefined ? undefined : later(left.to, right.to),
  };
}

/** Whether a string is an ISO date (yyyy-mm-dd) of a real day. */
export function isRealIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  return match !== null && isRealDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** The local calendar day of a clock reading, as ISO. */
export function isoDay(now: Date): string {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
