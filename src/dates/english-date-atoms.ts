// English date expressions in a question: 2024-06-24, June 24th 2024, Q1 2024, the second half of 2024,
// late 2024, summer 2024, last year, and the words around them that make a range (since, before, between).
import { calendarRange } from './calendar.ts';
import { type Atom, monthDay, partOfMonth, periodRange, RELATIVE_YEAR, type Relation } from './date-atoms.ts';

const ENGLISH_SEASON: Record<string, string> = { spring: 'spring', summer: 'summer', autumn: 'autumn', fall: 'autumn', winter: 'winter' };
const ENGLISH_ORDINAL: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4 };
const ENGLISH_HALF: Record<string, number> = { former: 1, latter: 2, last: 2, back: 2 };
const ENGLISH_MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

const EN_YEAR = String.raw`((?:1[89]|20)\d{2}|this year|last year|next year|the year before last|the previous year)`;
const EN_MONTH_NAMES = Object.keys(ENGLISH_MONTHS)
  .sort((left, right) => right.length - left.length)
  .join('|');
const EN_PATTERNS: Array<{ pattern: RegExp; atom: (match: RegExpExecArray, todayYear: number) => Omit<Atom, 'start' | 'end' | 'raw'> | undefined }> = [
  {
    // 2024-06-24, 2024-06
    pattern: /\b(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\b/gu,
    atom: (match) => ({
      year: Number(match[1]),
      relativeYear: false,
      build: monthDay(Number(match[2]), match[3] === undefined ? undefined : Number(match[3])),
    }),
  },
  {
    // 2024/12/11, 2024.12, 12/2024: year first, or a month before a four-digit year (never a day/month guess)
    pattern: /\b(?:(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?|(\d{1,2})\/(\d{4}))\b/gu,
    atom: (match) => ({
      year: Number(match[1] ?? match[5]),
      relativeYear: false,
      build: monthDay(Number(match[2] ?? match[4]), match[3] === undefined ? undefined : Number(match[3])),
    }),
  },
  {
    // first half of 2024, the latter half of 2024, H1 2024, 2024 H2
    pattern: new RegExp(
      String.raw`\b(?:(?:the\s+)?(first|second|1st|2nd|former|latter|last|back)\s+half\s+of\s+${EN_YEAR}|H([12])\s+${EN_YEAR}|${EN_YEAR}\s+H([12]))\b`,
      'giu',
    ),
    atom: (match, todayYear) => {
      const half = match[1] ? (ENGLISH_HALF[match[1].toLowerCase()] ?? ENGLISH_ORDINAL[match[1].toLowerCase()]!) : Number(match[3] ?? match[6]);
      return withYear(match[2] ?? match[4] ?? match[5]!, todayYear, (year) => periodRange(year, half === 1 ? 'h1' : 'h2'));
    },
  },
  {
    // Q1 2024, 2024 Q1, the first quarter of 2024
    pattern: new RegExp(
      String.raw`\b(?:Q([1-4])\s*(?:of\s+)?${EN_YEAR}|${EN_YEAR}\s*Q([1-4])|(?:the\s+)?(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter\s+(?:of\s+)?${EN_YEAR})\b`,
      'giu',
    ),
    atom: (match, todayYear) => {
      const quarter = match[1] ? Number(match[1]) : match[4] ? Number(match[4]) : ENGLISH_ORDINAL[match[5]!.toLowerCase()]!;
      return withYear(match[2] ?? match[3] ?? match[6]!, todayYear, (year) => periodRange(year, `q${quarter}`));
    },
  },
  {
    // early 2024, late 2024, the end of 2024, the start of January 2024
    pattern: new RegExp(
      String.raw`\b(?:(early|mid|late)[\s-]+|(?:the\s+)?(start|beginning|middle|end)\s+of\s+)(?:(${EN_MONTH_NAMES})\.?\s+)?${EN_YEAR}\b`,
      'giu',
    ),
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
    pattern: new RegExp(
      String.raw`\b(?:(?:the\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?${EN_YEAR}|${EN_YEAR}\s+(spring|summer|autumn|fall|winter))\b`,
      'giu',
    ),
    atom: (match, todayYear) => withYear(match[2] ?? match[3]!, todayYear, (year) => periodRange(year, ENGLISH_SEASON[(match[1] ?? match[4]!).toLowerCase()]!)),
  },
  {
    // 24 June 2024, June 24th, 2024, June 2024, 0 May 2024 (not a date), June (with a year nearby)
    pattern: new RegExp(
      String.raw`\b(?:(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(${EN_MONTH_NAMES})\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b,?)?(?:,?\s+(?:of\s+)?((?:1[89]|20)\d{2}|this year|last year))?\b`,
      'giu',
    ),
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

export function englishAtoms(text: string, todayYear: number): Atom[] {
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

export const EN_BEFORE_ATOM: Array<[RegExp, Relation]> = [
  [/\bbetween\s+(?:the\s+)?$/iu, 'between'],
  [/\b(?:since|starting(?:\s+(?:in|from))?|as\s+of|beginning\s+in)\s+(?:the\s+)?$/iu, 'since'],
  // "from September 2023" alone dates what was said (anything from 2024); only "from … on" opens a range,
  // and "from … to …" is read as between when the two dates pair up.
  [/\bfrom\s+(?:the\s+)?$/iu, 'from'],
  [/\b(?:after|later\s+than)\s+(?:the\s+)?$/iu, 'after'],
  [/\b(?:before|prior\s+to|earlier\s+than)\s+(?:the\s+)?$/iu, 'before'],
  [/\b(?:until|till|up\s+(?:un)?til|up\s+to|through|by)\s+(?:the\s+)?$/iu, 'until'],
];
/** "from 2024 on", "from March onwards": the word that makes a bare "from" a since. */
export const EN_ONWARDS = /^\s*(?:on|onwards?|forwards?|and\s+(?:after|later|since))\b/iu;
export const EN_CONNECTOR = /^\s*(?:-|–|—|~|to|and|through|thru|until|till)\s*$/iu;
export const EN_LATEST =
  /\b(?:the\s+)?(?:latest|most\s+recent(?:ly)?|newest|recently|lately|last\s+time|(?:last|final)(?=\s+(?:speech|speeches|remarks|address|talk|statement|meeting|mention|one)\b))\b/giu;
export const EN_FIRST =
  /\b(?:the\s+)?(?:earliest|(?:for\s+the\s+)?first\s+time|first(?=\s+(?:came|come|comes|coming|mention|mentions|mentioned|raise|raised|talk|talked|spoke|speak|say|said|use|used|brought|bring|appear|appeared|introduce|introduced|propose|proposed|bring|address|addressed|discuss|discussed)\b))\b/giu;
