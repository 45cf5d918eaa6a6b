// Dates written the way each answer language writes them.
// Imports nothing but a type with no imports of its own, so that the widget's bundle shares it.
import type { AnswerLanguage } from './source.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** @example formatDate('2024-01-31', 'zh') // '2024年1月31日'; formatDate('2024-01-31', 'en') // '31 January 2024' */
export function formatDate(isoDate: string, language: AnswerLanguage): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return language === 'en' ? `${day} ${MONTHS[month - 1]} ${year}` : `${year}年${month}月${day}日`;
}

/** Every date written in a text, as ISO (or yyyy-mm / yyyy when that is all it gives), with where it stands. */
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
