// Chinese date expressions in a question (Traditional is folded to Simplified before): 2024年3月, 24年下半年,
// 第一季度, 年底, 秋天, and the words around them that make a range (以来, 之前, 截至, 到).
import { calendarRange, isRealDate } from './calendar.ts';
import { type Atom, monthDay, partOfMonth, periodRange, RELATIVE_YEAR, type Relation } from './date-atoms.ts';

const CHINESE_MONTH_NUMERALS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
  十一: 11,
  十二: 12,
  正: 1,
  腊: 12,
};
const CHINESE_QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };
const CHINESE_PERIOD: Record<string, string> = {
  上半年: 'h1',
  下半年: 'h2',
  年初: 'start',
  初: 'start',
  年中: 'middle',
  年底: 'end',
  年末: 'end',
  底: 'end',
  末: 'end',
  春: 'spring',
  夏: 'summer',
  秋: 'autumn',
  冬: 'winter',
};
const ZH_YEAR = String.raw`(?:(?<!\d)(\d{4})\s*年(?:份|度)?|(今年|本年|去年|前年|明年)(?:度)?)`;
const ZH_SHORT_YEAR = String.raw`(?<!\d)(\d{2})\s*年`;
const ZH_MONTH = String.raw`(\d{1,2}|十[一二]?|[一二三四五六七八九正腊])\s*月份?(?:\s*(\d{1,2})\s*[日号]|(上旬|初|中旬|下旬|底|末))?`;
// Parts of a month (6月底, 3月上旬): its first, middle or last ten days.
const MONTH_PART: Record<string, 'start' | 'middle' | 'end'> = { 上旬: 'start', 初: 'start', 中旬: 'middle', 下旬: 'end', 底: 'end', 末: 'end' };
// 年中 is a period only straight after a year (2024年年中): alone it is as often "in the year" (一年中).
const ZH_PERIOD = '(上半年|下半年|第?([一二三四1-4])(?:季度|季)|年初|年中|年底|年末|初|底|末|(?:的)?(春|夏|秋|冬)(?:天|季))';
const ZH_TAIL = String.raw`(?:\s*(?:${ZH_MONTH}|${ZH_PERIOD}))?`;
const ZH_DATED = new RegExp(`${ZH_YEAR}${ZH_TAIL}|${ZH_SHORT_YEAR}\\s*(?:${ZH_MONTH}|${ZH_PERIOD})`, 'gu');
// Without a year: 3月, 下半年, 秋天 take the year of the expression next to them, or the default year.
const ZH_UNDATED = new RegExp(`(?<![\\d年])(?:${ZH_MONTH}|(上半年|下半年|年初|年底|年末|第?([一二三四1-4])季度|(春|夏|秋|冬)(?:天|季)))`, 'gu');

function chineseTail(match: RegExpExecArray, offset: number): Atom['build'] {
  // offset: index of the month group; then day, part of the month, period, quarter, season.
  const [monthText, dayText, partText, periodText, quarterText, seasonText] = match.slice(offset, offset + 6);
  if (monthText !== undefined) {
    const month = /\d/u.test(monthText) ? Number(monthText) : CHINESE_MONTH_NUMERALS[monthText]!;
    if (partText !== undefined) return (year) => (isRealDate(year, month, 1) ? partOfMonth(year, month, MONTH_PART[partText]!) : undefined);
    return monthDay(month, dayText === undefined ? undefined : Number(dayText));
  }
  if (periodText !== undefined) {
    const period =
      quarterText !== undefined ? `q${CHINESE_QUARTER[quarterText]}` : seasonText !== undefined ? CHINESE_PERIOD[seasonText]! : CHINESE_PERIOD[periodText]!;
    return (year) => periodRange(year, period);
  }
  return (year) => calendarRange(year);
}

/** Digits written as Chinese numerals in a year (二〇二四年): one character each, so positions in the text stay the same. */
const NUMERAL_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

export function chineseAtoms(question: string, todayYear: number): Atom[] {
  const text = question.replace(/[〇零一二三四五六七八九]{4}(?=\s*年)/gu, (year) => [...year].map((character) => NUMERAL_DIGITS[character]).join(''));
  const atoms: Atom[] = [];
  for (const match of text.matchAll(ZH_DATED)) {
    const [raw] = match;
    const start = match.index;
    if (match[1] !== undefined || match[2] !== undefined) {
      const year = match[1] !== undefined ? Number(match[1]) : todayYear + RELATIVE_YEAR[match[2]!]!;
      if (year < 1000 || year > 2999) continue;
      atoms.push({
        start,
        end: start + raw.length,
        raw: question.slice(start, start + raw.length),
        year,
        relativeYear: match[2] !== undefined,
        build: chineseTail(match as RegExpExecArray, 3),
      });
    } else {
      atoms.push({ start, end: start + raw.length, raw, year: 2000 + Number(match[9]), relativeYear: false, build: chineseTail(match as RegExpExecArray, 10) });
    }
  }
  for (const match of text.matchAll(ZH_UNDATED)) {
    const start = match.index;
    if (atoms.some((atom) => start < atom.end && start + match[0].length > atom.start)) continue;
    atoms.push({ start, end: start + match[0].length, raw: match[0], year: undefined, relativeYear: false, build: chineseTail(match as RegExpExecArray, 1) });
  }
  return atoms;
}

export const ZH_BEFORE_ATOM: Array<[RegExp, Relation]> = [
  [/(?:自从|自|从|打从|由)\s*$/u, 'since'],
  [/(?:截至|截止到|截止|直到|一直到)\s*$/u, 'until'],
];
export const ZH_AFTER_ATOM: Array<[RegExp, Relation]> = [
  [/^\s*(?:以来|起|开始|至今|迄今|到现在|到目前)/u, 'since'],
  [/^\s*(?:以后|之后|后)/u, 'after'],
  [/^\s*(?:以前|之前|前(?!后))/u, 'before'],
  [/^\s*(?:为止)/u, 'until'],
];
/** Words that point back at the date just named or round it off (那天, 那会儿, 前后): part of the date, not a topic. */
export const ZH_AROUND_ATOM = /^\s*(?:那天|那日|当天|当日|那会儿?|那时候?|那阵子?|那段时间|那个时候|那年|那个月|前后|左右|期间|的时候|时候)/u;
export const ZH_CONNECTOR = /^\s*(?:到|至|—|–|-|~|～|和|与|跟)\s*$/u;
export const ZH_BETWEEN_END = /^\s*(?:之间|期间|间)/u;
export const ZH_LATEST = /最近一次|最后一次|最近|最新|近期|新近|近来/gu;
export const ZH_FIRST = /最早|(?<!十)第一次|首次|头一次|最初|起初|首度/gu;
