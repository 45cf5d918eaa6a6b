// Section headings in the styles Chinese collections use: a numeral alone on its line (一), a numeral
// with a title (一、关于人工智能), a bracketed numeral (（一）坚持…), each also as a Markdown heading (## 一).
import { parseChineseNumeral } from './chinese-numeral.ts';

export type HeadingStyle = 'bare' | 'enumerated' | 'bracketed';

export interface SectionHeading {
  style: HeadingStyle;
  number: number;
  /** The heading as written, without Markdown's #. */
  text: string;
}

const NUMERAL = '[零〇一二两三四五六七八九十百]+';
const BARE = new RegExp(`^(${NUMERAL})$`, 'u');
const ENUMERATED = new RegExp(`^(${NUMERAL})、\\s*(.*)$`, 'u');
const BRACKETED = new RegExp(`^[（(](${NUMERAL})[）)]\\s*(.*)$`, 'u');
const HEADING_START = /^[（(零〇一二两三四五六七八九十百]/u;
const TITLED_STYLES = [
  ['enumerated', ENUMERATED],
  ['bracketed', BRACKETED],
] as const;
/** A heading's title is a phrase, not a sentence: 一、要坚持……。 is a numbered paragraph of the text. */
const MAX_TITLE_CHARS = 40;
const SENTENCE_END = /[。！？!?；;]$/u;

/**
 * The heading a line is, or undefined. A Markdown heading (`## 一、标题`) is a heading whatever its
 * length; a plain line is one only when its title is short and not a sentence.
 */
export function readSectionHeading(text: string, isMarkdownHeading: boolean): SectionHeading | undefined {
  // Nearly every line is text: one look at its first character rules it out.
  if (!HEADING_START.test(text)) return undefined;
  const bare = BARE.exec(text);
  if (bare && text.length <= 6) return heading('bare', bare[1]!, text);
  for (const [style, pattern] of TITLED_STYLES) {
    const match = pattern.exec(text);
    if (!match) continue;
    const title = match[2]!;
    if (!isMarkdownHeading && (title.length > MAX_TITLE_CHARS || SENTENCE_END.test(title))) return undefined;
    return heading(style, match[1]!, text);
  }
  return undefined;
}

function heading(style: HeadingStyle, numeral: string, text: string): SectionHeading | undefined {
  const number = parseChineseNumeral(numeral);
  return number === undefined ? undefined : { style, number, text };
}

/** How a heading of a style is written, for messages: 二, 二、…, （二）…. */
export function describeHeading(style: HeadingStyle, numeral: string): string {
  if (style === 'enumerated') return `${numeral}、…`;
  if (style === 'bracketed') return `（${numeral}）…`;
  return numeral;
}
