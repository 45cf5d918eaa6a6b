// Dates written the way each answer language writes them, through Intl.DateTimeFormat, and dates
// found in written text (an answer's claims). Imports nothing, so that the widget's bundle shares it.
import type { DateRange } from './calendar.ts';

export type DateLanguage = 'zh' | 'zh-Hant' | 'en';

const LOCALES: Record<DateLanguage, string> = { zh: 'zh-CN', 'zh-Hant': 'zh-TW', en: 'en-GB' };
const dayFormats = new Map<DateLanguage, Intl.DateTimeFormat>();

function dayFormat(language: DateLanguage): Intl.DateTimeFormat {
  let format = dayFormats.get(language);
  if (!format) {
    // UTC: an ISO date is a calendar day, not an instant, and must not shift with the reader's zone.
    format = new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    dayFormats.set(language, format);
  }
  return format;
}

/** @example formatDate('2024-01-31', 'zh') // '2024年1月31日'; formatDate('2024-01-31', 'en') // '31 January 2024' */
export function formatDate(isoDate: string, language: DateLanguage): string {
  const time = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(time)) return isoDate;
  return dayFormat(language).format(time);
}

/**
 * A date range in words, open ends included.
 * @example formatRange({ from: '2024-07-01', to: undefined }, 'en') // 'from 1 July 2024'
 */
export function formatRange(range: DateRange, language: DateLanguage): string {
  const from = range.from === undefined ? undefined : formatDate(range.from, language);
  const to = range.to === undefined ? undefined : formatDate(range.to, language);
  if (language === 'en') {
    if (from && to) return from === to ? from : `${from} – ${to}`;
    return from ? `from ${from}` : to ? `up to ${to}` : 'any date';
  }
  if (from && to) return from === to ? from : `${from}至${to}`;
  const hant = language === 'zh-Hant';
  return from ? `${from}${hant ? '以來' : '以来'}` : to ? `${to}及以前` : '不限日期';
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Every date written in a text, as ISO (or yyyy-mm when that is all it gives), with where it stands. */
export function findStatedDates(text: string): Array<{ iso: string; index: number; raw: string }> {
  const found: Array<{ iso: string; index: number; raw: string }> = [];
  const pad = (value: string | number) => String(value).padStart(2, '0');
  for (const match of text.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/gu)) {
    found.push({ iso: match[3] ? `${match[1]}-${pad(match[2]!)}-${pad(match[3])}` : `${match[1]}-${pad(match[2]!)}`, index: match.index, raw: match[0] });
  }
  const monthPattern = MONTHS.join('|');
  for (const match of text.matchAll(new RegExp(`(?:(\\d{1,2})\\s+)?(${monthPattern})\\s+(\\d{4})`, 'gu'))) {
    const month = MONTHS.indexOf(match[2]!) + 1;
    found.push({ iso: match[1] ? `${match[3]}-${pad(month)}-${pad(match[1])}` : `${match[3]}-${pad(month)}`, index: match.index, raw: match[0] });
  }
  for (const match of text.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/gu)) found.push({ iso: match[0], index: match.index, raw: match[0] });
  return found.sort((left, right) => left.index - right.index);
}
