// Parses one corpus document (a titled collection of dated speech excerpts) and repairs the
// artifacts that page breaks leave in the published text.
import { AppError } from '../errors.ts';
import { hasHan } from '../text/script.ts';
import { isSingleWord } from '../text/tokenizer.ts';
import { isoDate, isRealDate } from '../dates/calendar.ts';
import { CHINESE_NUMERAL_PATTERN, formatChineseNumeral, parseChineseNumeral } from './chinese-numeral.ts';
import type { Excerpt, SpeechDocument } from './types.ts';

interface Piece {
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** True when one or more blank lines stand between this piece and the one before it. */
  afterBlank: boolean;
}

interface SectionDraft {
  number: number;
  heading: string;
  line: number;
  body: Piece[];
  attribution: { text: string; line: number } | undefined;
}

export interface ParseInput {
  /** Document id (slug). */
  documentId: string;
  /** File name, used in error messages and kept as the source. */
  sourceFile: string;
  contentHash: string;
  text: string;
}

const OPENING_BRACKET = /^[（(]/u;
const CLOSING_BRACKET = /[）)]$/u;
const NOTE_MARK = '※';
const PARAGRAPH_END = /[。！？!?…]["”’」』）)]*$/u;
const ATTRIBUTION_DATE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(.*)$/su;

/**
 * Parses a document laid out as: title, author, then sections headed 一, 二, … each ending with an
 * attribution such as （2024年1月31日在…的讲话）, then an optional ※ note.
 * @example parseDocument({ documentId: 'doc', sourceFile: 'doc.txt', contentHash: '…', text })
 */
export function parseDocument(input: ParseInput): SpeechDocument {
  const fail = (line: number, message: string): never => {
    throw new AppError('corpus_parse', `${input.sourceFile}:${line}: ${message}`);
  };

  const pieces = splitIntoPieces(input.text);
  if (pieces.length === 0) fail(1, 'the file is empty; expected a title line followed by sections headed 一, 二, …');

  const preamble: Piece[] = [];
  const sections: SectionDraft[] = [];
  let note: string | undefined;

  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    if (note !== undefined) fail(piece.line, `unexpected text after the ※ note: "${preview(piece.text)}"`);

    if (piece.text.startsWith(NOTE_MARK)) {
      note = piece.text.slice(NOTE_MARK.length).trim();
      continue;
    }

    const headingNumber = isHeading(piece.text) ? parseChineseNumeral(piece.text) : undefined;
    if (headingNumber !== undefined) {
      const expected = sections.length + 1;
      if (headingNumber !== expected) {
        fail(piece.line, `expected section heading ${formatChineseNumeral(expected)} (${expected}) but found ${piece.text} (${headingNumber})`);
      }
      const previous = sections.at(-1);
      if (previous) checkSectionComplete(previous, fail);
      sections.push({ number: headingNumber, heading: piece.text, line: piece.line, body: [], attribution: undefined });
      continue;
    }

    const section = sections.at(-1);
    if (!section) {
      if (preamble.length >= 2) fail(piece.line, `expected the first section heading 一 but found "${preview(piece.text)}"`);
      preamble.push(piece);
      continue;
    }

    if (section.attribution) {
      fail(
        piece.line,
        `text after the attribution of section ${section.heading}; expected the next section heading ${formatChineseNumeral(section.number + 1)} or the ※ note, found "${preview(piece.text)}"`,
      );
    }

    if (OPENING_BRACKET.test(piece.text)) {
      // An attribution can be broken across a page break: keep reading until its bracket closes.
      let text = piece.text;
      while (!CLOSING_BRACKET.test(text)) {
        const next = pieces[index + 1];
        if (!next || isHeading(next.text) || next.text.startsWith(NOTE_MARK)) {
          fail(piece.line, `the attribution of section ${section.heading} is not closed; expected it to end with ） or )`);
        }
        text += next!.text;
        index++;
      }
      section.attribution = { text: text.slice(1, -1).trim(), line: piece.line };
      continue;
    }

    section.body.push(piece);
  }

  const title = preamble[0]?.text;
  if (title === undefined) fail(1, 'expected a title line before the first section heading 一');
  if (sections.length === 0) fail(pieces.at(-1)!.line, 'no sections found; expected headings 一, 二, … each on a line of its own');
  checkSectionComplete(sections.at(-1)!, fail);

  const speaker = preamble[1]?.text;
  const excerpts: Excerpt[] = sections.map((section) => {
    const attribution = section.attribution!;
    const { date, occasion } = parseAttribution(attribution.text, (message) => fail(attribution.line, message));
    return {
      id: `${input.documentId}-${section.number}`,
      documentId: input.documentId,
      section: section.number,
      heading: section.heading,
      text: joinBody(section.body),
      date,
      occasion,
      attribution: attribution.text,
      speaker,
      documentTitle: title!,
    };
  });

  return {
    id: input.documentId,
    title: title!,
    author: speaker,
    note,
    sourceFile: input.sourceFile,
    contentHash: input.contentHash,
    excerpts,
  };
}

function splitIntoPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let afterBlank = false;
  text
    .replace(/^\uFEFF/u, '')
    .split(/\r\n|\r|\n/u)
    .forEach((rawLine, lineIndex) => {
      const trimmed = rawLine.trim();
      if (trimmed === '') {
        afterBlank = true;
        return;
      }
      pieces.push({ text: trimmed, line: lineIndex + 1, afterBlank });
      afterBlank = false;
    });
  return pieces;
}

function isHeading(text: string): boolean {
  return text.length <= 6 && CHINESE_NUMERAL_PATTERN.test(text);
}

function checkSectionComplete(section: SectionDraft, fail: (line: number, message: string) => never): void {
  if (section.body.length === 0) fail(section.line, `section ${section.heading} has no text`);
  if (!section.attribution) {
    fail(section.body.at(-1)!.line, `section ${section.heading} has no attribution; expected a line like （2024年1月31日在…的讲话） after its text`);
  }
}

function parseAttribution(text: string, fail: (message: string) => never): { date: string; occasion: string } {
  const match = ATTRIBUTION_DATE.exec(text);
  if (!match) return fail(`attribution "${preview(text)}" does not start with a date; expected yyyy年m月d日 followed by the occasion`);
  const [, year, month, day, occasion] = match as unknown as [string, string, string, string, string];
  if (!isRealDate(Number(year), Number(month), Number(day))) return fail(`attribution date ${year}年${month}月${day}日 is not a real calendar date`);
  const iso = isoDate(Number(year), Number(month), Number(day));
  const trimmedOccasion = occasion.trim();
  if (trimmedOccasion === '') return fail(`attribution "${preview(text)}" names no occasion after its date`);
  return { date: iso, occasion: trimmedOccasion };
}

/**
 * Joins the lines of a section into paragraphs. A line that ends mid-sentence continues on the
 * next line (a hard wrap or a page break); across a page break the printer sometimes repeats the
 * last character (因\n\n因地制宜), which is dropped unless the doubled pair is itself a word (天天).
 */
function joinBody(body: Piece[]): string {
  let text = '';
  for (const piece of body) {
    if (text === '') {
      text = piece.text;
    } else if (PARAGRAPH_END.test(text)) {
      text += `\n${piece.text}`;
    } else {
      const last = text.at(-1)!;
      const repeated = piece.afterBlank && hasHan(last) && piece.text.startsWith(last) && !isSingleWord(last + last);
      text += repeated ? piece.text.slice(last.length) : piece.text;
    }
  }
  return text;
}

function preview(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
