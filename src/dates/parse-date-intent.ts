// Reads the time a question is about, in Chinese (Simplified; Traditional is folded before) and English:
// absolute dates and ranges, named periods (下半年, Q1, late 2024, winter), dates relative to today
// (去年, last year), and the order asked for (最新 / the latest, 首次 / the first time).
// chrono-node was tried first: it reads neither bare years, quarters, halves nor seasons, and reads
// 2024年7月 as 30 July, so the grammar is written here, small and in one place.
import { dayAfter, dayBefore, earlier, later, monthSpan, unionRange, type DateRange } from './calendar.ts';
import { chineseAtoms, ZH_AFTER_ATOM, ZH_AROUND_ATOM, ZH_BEFORE_ATOM, ZH_BETWEEN_END, ZH_CONNECTOR, ZH_FIRST, ZH_LATEST } from './chinese-date-atoms.ts';
import { periodRange, type Atom, type Relation } from './date-atoms.ts';
import { EN_BEFORE_ATOM, EN_CONNECTOR, EN_ONWARDS, EN_FIRST, EN_LATEST, englishAtoms } from './english-date-atoms.ts';

export type { DateRange } from './calendar.ts';

/** Which end of the timeline the question asks for. */
export type DateOrder = 'latest' | 'first';

export interface DateIntent {
  range: DateRange | undefined;
  order: DateOrder | undefined;
  /** The question with the date expressions blanked out, so that 2024 and 年 do not act as search words. */
  remainder: string;
  /** Date expressions that name no real date (2024年13月, 0 May 2024), left out of the range. */
  invalid: string[];
  /** The range rests on today's date (去年, this year, 以来 …). */
  relative: boolean;
}

export interface DateContext {
  /** Today, ISO yyyy-mm-dd: what 去年 and "this year" are relative to. */
  today: string;
  /** The year a period without one (下半年, 3月) belongs to; by default today's. */
  defaultYear?: number | undefined;
}

interface Group {
  start: number;
  end: number;
  /** Two expressions joined (2024年3月到6月, from March to June 2024). */
  paired: boolean;
  range: { from: string; to: string } | undefined;
}

/**
 * @example parseDateIntent('2024年7月以来讲了什么', { today: '2026-11-30' }).range // { from: '2024-07-01', to: undefined }
 * @example parseDateIntent('What was said in the second half of 2024?', { today: '2026-11-30' }).range // { from: '2024-07-01', to: '2024-12-31' }
 */
export function parseDateIntent(question: string, context: DateContext): DateIntent {
  const todayYear = Number(context.today.slice(0, 4));
  const atoms = withoutOverlaps([
    ...chineseAtoms(question, todayYear),
    ...englishAtoms(question, todayYear),
    ...pastYearAtoms(question, context.today),
    ...lastOrThisAtoms(question, context.today),
  ]);
  const defaultYear = context.defaultYear ?? todayYear;
  let relative = atoms.some((atom) => atom.relativeYear);

  // A year-less expression takes the year of the one before it (2024年3月到6月), else the one after (between March and June 2024).
  atoms.forEach((atom, index) => {
    if (atom.year !== undefined) return;
    const neighbour =
      atoms
        .slice(0, index)
        .reverse()
        .find((other) => other.year !== undefined) ?? atoms.slice(index + 1).find((other) => other.year !== undefined);
    atom.year = neighbour?.year ?? defaultYear;
    if (!neighbour) relative ||= context.defaultYear === undefined;
  });

  const invalid: string[] = [];
  const blanks: Array<[number, number]> = [];
  const groups: Group[] = [];
  for (let index = 0; index < atoms.length; index++) {
    const atom = atoms[index]!;
    const range = atom.build(atom.year!);
    if (!range) invalid.push(atom.raw.trim());
    const next = atoms[index + 1];
    const between = next ? question.slice(atom.end, next.start) : undefined;
    if (next && between !== undefined && (ZH_CONNECTOR.test(between) || EN_CONNECTOR.test(between))) {
      const nextRange = next.build(next.year!);
      if (!nextRange) invalid.push(next.raw.trim());
      const joined = range && nextRange ? { from: earlier(range.from, nextRange.from), to: later(range.to, nextRange.to) } : (range ?? nextRange);
      groups.push({ start: atom.start, end: next.end, paired: true, range: joined });
      index++;
    } else {
      groups.push({ start: atom.start, end: atom.end, paired: false, range });
    }
  }

  let combined: DateRange | undefined;
  for (const group of groups) {
    const before = question.slice(0, group.start);
    const after = question.slice(group.end);
    let relation: Relation | undefined;
    let blankStart = group.start;
    let blankEnd = group.end;
    for (const [pattern, name] of [...ZH_BEFORE_ATOM, ...EN_BEFORE_ATOM]) {
      const found = pattern.exec(before);
      if (found) {
        relation = name;
        blankStart = found.index;
        break;
      }
    }
    for (const [pattern, name] of ZH_AFTER_ATOM) {
      const found = pattern.exec(after);
      if (found) {
        // 从2024年以来 says "since" twice; the word after the date decides.
        relation = relation === 'since' && name === 'since' ? 'since' : name;
        blankEnd = group.end + found[0].length;
        break;
      }
    }
    if (relation === 'from') {
      const onwards = EN_ONWARDS.exec(question.slice(blankEnd));
      if (onwards) blankEnd += onwards[0].length;
      relation = group.paired ? 'between' : onwards ? 'since' : undefined;
    }
    // 从…到…, from … to …: the first word opens the range rather than leaving it open.
    if (group.paired && relation === 'since') relation = 'between';
    const betweenEnd = ZH_BETWEEN_END.exec(question.slice(blankEnd));
    if (betweenEnd) blankEnd += betweenEnd[0].length;
    const around = ZH_AROUND_ATOM.exec(question.slice(blankEnd));
    if (around) blankEnd += around[0].length;
    blanks.push([blankStart, blankEnd]);
    if (!group.range) continue;
    if (relation === 'since' || relation === 'after') relative = true;
    const expression: DateRange =
      relation === 'since'
        ? { from: group.range.from, to: undefined }
        : relation === 'after'
          ? { from: dayAfter(group.range.to), to: undefined }
          : relation === 'before'
            ? { from: undefined, to: dayBefore(group.range.from) }
            : relation === 'until'
              ? { from: undefined, to: group.range.to }
              : group.range;
    combined = combine(combined, expression);
  }

  let remainder = blankOut(question, blanks);
  let order: DateOrder | undefined;
  const withoutLatest = remainder.replace(ZH_LATEST, ' ').replace(EN_LATEST, ' ');
  if (withoutLatest !== remainder) order = 'latest';
  const withoutFirst = withoutLatest.replace(ZH_FIRST, ' ').replace(EN_FIRST, ' ');
  if (withoutFirst !== withoutLatest && order === undefined) order = 'first';
  remainder = withoutFirst;
  return { range: combined, order, remainder, invalid, relative };
}

/** 过去一年, 近一年, the past year, the last 12 months: the twelve months up to today, not a calendar year (去年, last year). */
const PAST_YEAR =
  /过去的?一年|近一年|最近一年|(?:过去|近|最近)\s*12\s*个月|\b(?:the\s+)?(?:past\s+(?:year|12\s+months|twelve\s+months)|last\s+(?:12|twelve)\s+months)\b/giu;

function pastYearAtoms(question: string, today: string): Atom[] {
  const year = Number(today.slice(0, 4));
  // A year before 29 February is the 28th.
  const yearAgo = `${year - 1}${today.slice(4) === '-02-29' ? '-02-28' : today.slice(4)}`;
  return [...question.matchAll(PAST_YEAR)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    raw: match[0],
    year,
    relativeYear: true,
    build: () => ({ from: dayAfter(yearAgo), to: today }),
  }));
}

const MONTH_NUMBERS: Record<string, number> = Object.fromEntries(
  ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'].map((name, index) => [
    name,
    index + 1,
  ]),
);
const SEASONS: Record<string, string> = { spring: 'spring', summer: 'summer', autumn: 'autumn', fall: 'autumn', winter: 'winter' };
const LAST_OR_THIS = new RegExp(String.raw`\b(last|this|past)\s+(${[...Object.keys(MONTH_NUMBERS), ...Object.keys(SEASONS)].join('|')})\b`, 'giu');

/** last December, this spring: the latest one that has ended before today, or the one of today's year. */
function lastOrThisAtoms(question: string, today: string): Atom[] {
  const todayYear = Number(today.slice(0, 4));
  return [...question.matchAll(LAST_OR_THIS)].map((match) => {
    const name = match[2]!.toLowerCase();
    const month = MONTH_NUMBERS[name];
    const span = (year: number) => (month === undefined ? periodRange(year, SEASONS[name]!) : monthSpan(year, month, month));
    const year = match[1]!.toLowerCase() === 'this' || span(todayYear).to < today ? todayYear : todayYear - 1;
    return { start: match.index, end: match.index + match[0].length, raw: match[0], year, relativeYear: true, build: span };
  });
}

/** Two half-open ranges facing each other (2024年以来 … 2025年以前) meet; anything else widens. */
function combine(left: DateRange | undefined, right: DateRange): DateRange {
  if (!left) return right;
  const leftOnlyFrom = left.from !== undefined && left.to === undefined;
  const leftOnlyTo = left.to !== undefined && left.from === undefined;
  const rightOnlyFrom = right.from !== undefined && right.to === undefined;
  const rightOnlyTo = right.to !== undefined && right.from === undefined;
  if ((leftOnlyFrom && rightOnlyTo) || (leftOnlyTo && rightOnlyFrom)) return { from: left.from ?? right.from, to: left.to ?? right.to };
  return unionRange(left, right);
}

/** The longest of overlapping expressions (2024年4月 over the 2024 in it), in text order. */
function withoutOverlaps(atoms: Atom[]): Atom[] {
  const kept: Atom[] = [];
  for (const atom of [...atoms].sort((left, right) => right.end - right.start - (left.end - left.start))) {
    if (!kept.some((other) => atom.start < other.end && atom.end > other.start)) kept.push(atom);
  }
  return kept.sort((left, right) => left.start - right.start);
}

function blankOut(text: string, spans: ReadonlyArray<[number, number]>): string {
  let result = '';
  let at = 0;
  for (const [start, end] of [...spans].sort((left, right) => left[0] - right[0])) {
    if (start < at) {
      at = Math.max(at, end);
      continue;
    }
    result += `${text.slice(at, start)} `;
    at = end;
  }
  return result + text.slice(at);
}
