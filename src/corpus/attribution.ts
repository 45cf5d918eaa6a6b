// Dates and occasions as documents print them: attribution lines such as （2024年1月31日在…的讲话）,
// （2024年11月6日，杭州）, ——2024年11月6日在…, and date lines such as ## 2024年11月6日 · 杭州 or 2024-11-06.
import { isoDate, isRealDate } from '../dates/calendar.ts';

/** yyyy年m月d日 (spaces allowed between the parts) or an ISO-like yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd. */
const LEADING_DATE = /^(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))/u;
/** What stands between a date and its occasion, or around an occasion: （2024年11月6日，杭州） is 杭州. */
const LEADING_SEPARATORS = /^[\s，,、:：;；·•|｜/—–-]+/u;
const TRAILING_SEPARATORS = /[\s，,、:：;；·•|｜/—–-]+$/u;
const OPENING_BRACKET = /^[（(]/u;
const CLOSING_BRACKET = /[）)]$/u;
/**
 * An attribution led by a dash: ——2024年11月6日在…, —2024-11-06，杭州, --2024年…. A PDF's text layer may
 * give the double dash as one character, ⸺ (TWO-EM DASH) or ―― (HORIZONTAL BAR).
 */
const DASH_LED = /^(?:——|—|⸺|――|―|--|－－)\s*/u;

export interface DatedText {
  /** ISO yyyy-mm-dd. */
  date: string;
  /** The text after the date, without the punctuation that separated it; '' when there is none. */
  occasion: string;
}

export type DateReading = { kind: 'dated'; value: DatedText } | { kind: 'undated' } | { kind: 'unreal'; written: string };

/** Reads a date at the start of a text and the occasion after it. */
export function readLeadingDate(text: string): DateReading {
  const match = LEADING_DATE.exec(text);
  if (!match) return { kind: 'undated' };
  const year = Number(match[1]);
  const month = Number(match[2] ?? match[5]);
  const day = Number(match[3] ?? match[6]);
  if (!isRealDate(year, month, day)) return { kind: 'unreal', written: match[0] };
  return { kind: 'dated', value: { date: isoDate(year, month, day), occasion: cleanOccasion(text.slice(match[0].length)) } };
}

export function startsWithDate(text: string): boolean {
  return LEADING_DATE.test(text);
}

/** An occasion without the separators around it: '，杭州' → '杭州', ' · 在…的讲话' → '在…的讲话'. */
export function cleanOccasion(text: string): string {
  return text.replace(LEADING_SEPARATORS, '').replace(TRAILING_SEPARATORS, '');
}

export function opensBracket(text: string): boolean {
  return OPENING_BRACKET.test(text);
}

export function closesBracket(text: string): boolean {
  return CLOSING_BRACKET.test(text);
}

/** The inside of a bracketed attribution, （…） or (…). */
export function unbracket(text: string): string {
  return text.slice(1, -1).trim();
}

/** The attribution of a dash-led line (——2024年11月6日在…), or undefined when the line is not one. */
export function dashLedAttribution(text: string): string | undefined {
  const match = DASH_LED.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match[0].length).trim();
  return startsWithDate(rest) ? rest : undefined;
}
