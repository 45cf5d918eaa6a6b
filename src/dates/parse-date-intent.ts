// Reads the time a question is about, in Chinese (Simplified; Traditional is folded before) and English:
// absolute dates and ranges, named periods (下半年, Q1, late 2024, winter), dates relative to today
// (去年, last year), and the order asked for (最新 / the latest, 首次 / the first time).
// chrono-node was tried first: it reads neither bare years, quarters, halves nor seasons, and reads
// 2024年7月 as 30 July, so the grammar is written here, small and in one place.
import { calendarRange, dayAfter, dayBefore, earlier, isRealDate, later, monthSpan, unionRange, type DateRange } from './calendar.ts';

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

type Relation = 'since' | 'after' | 'before' | 'until' | 'between';

interface Atom {
  start: number;
  end: number;
  raw: string;
  /** Undefined when the expression names no year of its own (下半年, 3月, March). */
  year: number | undefined;
  relativeYear: boolean;
  /** The range for a year, or undefined when the expression is not a real date. */
  build: (year: number) => { from: string; to: string } | undefined;
}

const CHINESE_MONTH_NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12, 正: 1, 腊: 12 };
const CHINESE_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const RELATIVE_YEAR: Record<string, number> = { 今年: 0, 本年: 0, 去年: -1, 前年: -2, 明年: 1, 'this year': 0, 'last year': -1, 'next year': 1, 'the year before last': -2, 'the previous year': -1 };

/**
 * Parts of a year, as months (13+ runs into the next year). Seasons are the meteorological ones;
 * early/late and 年初/年底 were set to the spans the gold set's writers used on the dev questions
 * (年初 January–February, 年底 November–December, late 2024 September–December).
 */
const PERIOD_MONTHS: Record<string, [number, number]> = {
  h1: [1, 6], h2: [7, 12], q1: [1, 3], q2: [4, 6], q3: [7, 9], q4: [10, 12],
  spring: [3, 5], summer: [6, 8], autumn: [9, 11], winter: [12, 14],
  early: [1, 4], mid: [5, 8], late: [9, 12], start: [1, 2], middle: [6, 7], end: [11, 12],
};
const CHINESE_PERIOD: Record<string, string> = {
  上半年: 'h1', 下半年: 'h2', 年初: 'start', 初: 'start', 年中: 'middle', 年底: 'end', 年末: 'end', 底: 'end', 末: 'end',
  春: 'spring', 夏: 'summer', 秋: 'autumn', 冬: 'winter',
};
const ENGLISH_SEASON: Record<string, string> = { spring: 'spring', summer: 'summer', autumn: 'autumn', fall: 'autumn', winter: 'winter' };
const ENGLISH_ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4 };
const ENGLISH_MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

function periodRange(year: number, period: string): { from: string; to: string } {
  const [first, last] = PERIOD_MONTHS[period]!;
  return monthSpan(year, first, last);
}

/** A part of a month: the first or last ten days, for "the start/end of January 2024". */
function partOfMonth(year: number, month: number, part: 'start' | 'end' | 'middle'): { from: string; to: string } {
  const whole = calendarRange(year, month);
  if (part === 'start') return { from: whole.from, to: calendarRange(year, month, 10).to };
  if (part === 'middle') return { from: calendarRange(year, month, 11).from, to: calendarRange(year, month, 20).to };
  return { from: calendarRange(year, month, 21).from, to: whole.to };
}

function monthDay(month: number, day: number | undefined) {
  return (year: number) => (isRealDate(year, month, day ?? 1) ? calendarRange(year, month, day) : undefined);
}

// ---------- Chinese ----------

const ZH_YEAR = String.raw`(?:(?<!\d)(\d{4})\s*年(?:份|度)?|(今年|本年|去年|前年|明年)(?:度)?)`;
const ZH_SHORT_YEAR = String.raw`(?<!\d)(\d{2})\s*年`;
const ZH_MONTH = String.raw`(\d{1,2}|十[一二]?|[一二三四五六七八九正腊])\s*月份?(?:\s*(\d{1,2})\s*[日号])?`;
const ZH_PERIOD = String.raw`(上半年|下半年|第?([一二三四1-4])(?:季度|季)|年初|年中(?=$|[^\p{Script=Han}]|的|期|时|那|左右|前后)|年底|年末|初|底|末|(?:的)?(春|夏|秋|冬)(?:天|季))`;
const ZH_TAIL = String.raw`(?:\s*(?:${ZH_MONTH}|${ZH_PERIOD}))?`;
const ZH_DATED = new RegExp(`${ZH_YEAR}${ZH_TAIL}|${ZH_SHORT_YEAR}\\s*(?:${ZH_MONTH}|${ZH_PERIOD})`, 'gu');
// Without a year: 3月, 下半年, 秋天 take the year of the expression next to them, or the default year.
const ZH_UNDATED = new RegExp(`(?<![\\d年])(?:${ZH_MONTH}|(上半年|下半年|年初|年底|年末|第?([一二三四1-4])季度|(春|夏|秋|冬)(?:天|季)))`, 'gu');

function chineseTail(match: RegExpExecArray, offset: number): Atom['build'] {
  // offset: index of the month group; then day, period, quarter, season.
  const [monthText, dayText, periodText, quarterText, seasonText] = [match[offset], match[offset + 1], match[offset + 2], match[offset + 3], match[offset + 4]];
  if (monthText !== undefined) {
    const month = /\d/u.test(monthText) ? Number(monthText) : CHINESE_MONTH_NUMERALS[monthText]!;
    return monthDay(month, dayText === undefined ? undefined : Number(dayText));
  }
  if (periodText !== undefined) {
    const period = quarterText !== undefined ? `q${CHINESE_QUARTER[quarterText]}` : seasonText !== undefined ? CHINESE_PERIOD[seasonText]! : CHINESE_PERIOD[periodText]!;
    return (year) => periodRange(year, period);
  }
  return (year) => calendarRange(year);
}

function chineseAtoms(text: string, todayYear: number): Atom[] {
  const atoms: Atom[] = [];
  for (const match of text.matchAll(ZH_DATED)) {
    const [raw] = match;
    const start = match.index;
    if (match[1] !== undefined || match[2] !== undefined) {
      const year = match[1] !== undefined ? Number(match[1]) : todayYear + RELATIVE_YEAR[match[2]!]!;
      if (year < 1000 || year > 2999) continue;
      atoms.push({ start, end: start + raw.length, raw, year, relativeYear: match[2] !== undefined, build: chineseTail(match as RegExpExecArray, 3) });
    } else {
      atoms.push({ start, end: start + raw.length, raw, year: 2000 + Number(match[8]), relativeYear: false, build: chineseTail(match as RegExpExecArray, 9) });
    }
  }
  for (const match of text.matchAll(ZH_UNDATED)) {
    const start = match.index;
    if (atoms.some((atom) => start < atom.end && start + match[0].length > atom.start)) continue;
    atoms.push({ start, end: start + match[0].length, raw: match[0], year: undefined, relativeYear: false, build: chineseTail(match as RegExpExecArray, 1) });
  }
  return atoms;
}

const ZH_BEFORE_ATOM: Array<[RegExp, Relation]> = [
  [/(?:自从|自|从|打从|由)\s*$/u, 'since'],
  [/(?:截至|截止到|截止|直到|一直到)\s*$/u, 'until'],
];
const ZH_AFTER_ATOM: Array<[RegExp, Relation]> = [
  [/^\s*(?:以来|起|开始|至今|迄今|到现在|到目前)/u, 'since'],
  [/^\s*(?:以后|之后|后)/u, 'after'],
  [/^\s*(?:以前|之前|前(?!后))/u, 'before'],
  [/^\s*(?:为止)/u, 'until'],
];
const ZH_CONNECTOR = /^\s*(?:到|至|—|–|-|~|～|和|与|跟)\s*$/u;
const ZH_BETWEEN_END = /^\s*(?:之间|期间|间)/u;
const ZH_LATEST = /最近一次|最后一次|最近|最新|近期|新近|近来/gu;
const ZH_FIRST = /最早|(?<!十)第一次|首次|头一次|最初|起初|首度/gu;

// ---------- English ----------

const EN_YEAR = String.raw`((?:1[89]|20)\d{2}|this year|last year|next year|the year before last|the previous year)`;
const EN_MONTH_NAMES = Object.keys(ENGLISH_MONTHS).sort((left, right) => right.length - left.length).join('|');
const EN_PATTERNS: Array<{ pattern: RegExp; atom: (match: RegExpExecArray, todayYear: number) => Omit<Atom, 'start' | 'end' | 'raw'> | undefined }> = [
  {
    // 2024-06-24, 2024-06
    pattern: /\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b/gu,
    atom: (match) => ({ year: Number(match[1]), relativeYear: false, build: monthDay(Number(match[2]), match[3] === undefined ? undefined : Number(match[3])) }),
  },
  {
    // first half of 2024, H1 2024, 2024 H2
    pattern: new RegExp(String.raw`\b(?:(?:the\s+)?(first|second|1st|2nd)\s+half\s+of\s+${EN_YEAR}|H([12])\s+${EN_YEAR}|${EN_YEAR}\s+H([12]))\b`, 'giu'),
    atom: (match, todayYear) => {
      const half = match[1] ? ENGLISH_ORDINAL[match[1].toLowerCase()]! : Number(match[3] ?? match[6]);
      return withYear(match[2] ?? match[4] ?? match[5]!, todayYear, (year) => periodRange(year, half === 1 ? 'h1' : 'h2'));
    },
  },
  {
    // Q1 2024, 2024 Q1, the first quarter of 2024
    pattern: new RegExp(String.raw`\b(?:Q([1-4])\s*(?:of\s+)?${EN_YEAR}|${EN_YEAR}\s*Q([1-4])|(?:the\s+)?(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?${EN_YEAR})\b`, 'giu'),
    atom: (match, todayYear) => {
      const quarter = match[1] ? Number(match[1]) : match[4] ? Number(match[4]) : ENGLISH_ORDINAL[match[5]!.toLowerCase()]!;
      return withYear(match[2] ?? match[3] ?? match[6]!, todayYear, (year) => periodRange(year, `q${quarter}`));
    },
  },
  {
    // early 2024, late 2024, the end of 2024, the start of January 2024
    pattern: new RegExp(String.raw`\b(?:(early|mid|late)[\s-]+|(?:the\s+)?(start|beginning|middle|end)\s+of\s+)(?:(${EN_MONTH_NAMES})\.?\s+)?${EN_YEAR}\b`, 'giu'),
    atom: (match, todayYear) => {
      const word = (match[1] ?? match[2]!).toLowerCase();
      const part = word === 'early' || word === 'start' || word === 'beginning' ? 'start' : word === 'mid' || word === 'middle' ? 'middle' : 'end';
      const month = match[3] ? ENGLISH_MONTHS[match[3].toLowerCase()] : undefined;
      if (month !== undefined) return withYear(match[4]!, todayYear, (year) => partOfMonth(year, month, part));
      const period = match[1] ? word : part;
      return withYear(match[4]!, todayYear, (year) => periodRange(year, period));
    },
  },
  {
    // summer 2024, the autumn of 2024, 2024 winter
    pattern: new RegExp(String.raw`\b(?:(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?${EN_YEAR}|${EN_YEAR}\s+(spring|summer|autumn|fall|winter))\b`, 'giu'),
    atom: (match, todayYear) => withYear(match[2] ?? match[3]!, todayYear, (year) => periodRange(year, ENGLISH_SEASON[(match[1] ?? match[4]!).toLowerCase()]!)),
  },
  {
    // 24 June 2024, June 24th, 2024, June 2024, 0 May 2024 (not a date), June (with a year nearby)
    pattern: new RegExp(String.raw`\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(${EN_MONTH_NAMES})\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b,?)?(?:,?\s+(?:of\s+)?((?:1[89]|20)\d{2}|this year|last year))?\b`, 'giu'),
    atom: (match, todayYear) => {
      const day = match[1] ?? match[3];
      const monthWord = match[2]!;
      // A month name alone is a date only when written as one: capitalised, and May with a day or year.
      if (match[4] === undefined && day === undefined && (monthWord[0] !== monthWord[0]!.toUpperCase() || /^may$/iu.test(monthWord))) return undefined;
      const build = monthDay(ENGLISH_MONTHS[monthWord.toLowerCase()]!, day === undefined ? undefined : Number(day));
      return match[4] === undefined ? { year: undefined, relativeYear: false, build } : withYear(match[4], todayYear, build);
    },
  },
  {
    pattern: new RegExp(String.raw`\b${EN_YEAR}\b`, 'giu'),
    atom: (match, todayYear) => withYear(match[1]!, todayYear, (year) => calendarRange(year)),
  },
];

function withYear(yearText: string, todayYear: number, build: Atom['build']): Omit<Atom, 'start' | 'end' | 'raw'> {
  const offset = RELATIVE_YEAR[yearText.toLowerCase().replace(/\s+/gu, ' ')];
  return offset === undefined ? { year: Number(yearText), relativeYear: false, build } : { year: todayYear + offset, relativeYear: true, build };
}

function englishAtoms(text: string, todayYear: number): Atom[] {
  const atoms: Atom[] = [];
  for (const { pattern, atom } of EN_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (atoms.some((taken) => start < taken.end && end > taken.start)) continue;
      const parts = atom(match as RegExpExecArray, todayYear);
      if (parts) atoms.push({ start, end, raw: match[0], ...parts });
    }
  }
  return atoms;
}

const EN_BEFORE_ATOM: Array<[RegExp, Relation]> = [
  [/\bbetween\s+(?:the\s+)?$/iu, 'between'],
  [/\b(?:since|starting(?:\s+(?:in|from))?|as\s+of|from|beginning\s+in)\s+(?:the\s+)?$/iu, 'since'],
  [/\b(?:after|later\s+than)\s+(?:the\s+)?$/iu, 'after'],
  [/\b(?:before|prior\s+to|earlier\s+than)\s+(?:the\s+)?$/iu, 'before'],
  [/\b(?:until|till|up\s+(?:un)?til|up\s+to|through|by)\s+(?:the\s+)?$/iu, 'until'],
];
const EN_CONNECTOR = /^\s*(?:-|–|—|~|to|and|through|thru|until|till)\s*$/iu;
const EN_LATEST = /\b(?:the\s+)?(?:latest|most\s+recent(?:ly)?|newest|recently|lately|last\s+time)\b/giu;
const EN_FIRST = /\b(?:the\s+)?(?:earliest|(?:for\s+the\s+)?first\s+time|first(?=\s+(?:came|come|comes|coming|mention|mentions|mentioned|raise|raised|talk|talked|spoke|speak|say|said|use|used|brought|bring|appear|appeared|introduce|introduced|propose|proposed|bring|address|addressed|discuss|discussed)\b))\b/giu;

// ---------- Shared ----------

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
  const atoms = withoutOverlaps([...chineseAtoms(question, todayYear), ...englishAtoms(question, todayYear)]);
  const defaultYear = context.defaultYear ?? todayYear;
  let relative = atoms.some((atom) => atom.relativeYear);

  // A year-less expression takes the year of the one before it (2024年3月到6月), else the one after (between March and June 2024).
  atoms.forEach((atom, index) => {
    if (atom.year !== undefined) return;
    const neighbour = atoms.slice(0, index).reverse().find((other) => other.year !== undefined) ?? atoms.slice(index + 1).find((other) => other.year !== undefined);
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
    // 从…到…, from … to …: the first word opens the range rather than leaving it open.
    if (group.paired && relation === 'since') relation = 'between';
    const betweenEnd = ZH_BETWEEN_END.exec(question.slice(blankEnd));
    if (betweenEnd) blankEnd += betweenEnd[0].length;
    blanks.push([blankStart, blankEnd]);
    if (!group.range) continue;
    if (relation === 'since' || relation === 'after') relative = true;
    const expression: DateRange =
      relation === 'since' ? { from: group.range.from, to: undefined }
      : relation === 'after' ? { from: dayAfter(group.range.to), to: undefined }
      : relation === 'before' ? { from: undefined, to: dayBefore(group.range.from) }
      : relation === 'until' ? { from: undefined, to: group.range.to }
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
