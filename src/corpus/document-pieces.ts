// A document's text as pieces: its non-blank lines with what every parsing step asks of them read once,
// the closing ※ note split off, and a section's lines joined back into paragraphs.
import { hasHan } from '../text/script.ts';
import { isSingleWord } from '../text/tokenizer.ts';
import { closesBracket } from './attribution.ts';
import { readSectionHeading, type SectionHeading } from './section-heading.ts';

export interface Piece {
  /** The line's text, trimmed, without Markdown's leading #. */
  text: string;
  /** 1-based line number in the file. */
  line: number;
  /** True when one or more blank lines stand between this piece and the one before it. */
  afterBlank: boolean;
  /** True for a Markdown heading (# …). */
  markdownHeading: boolean;
  /** True for a level-1 Markdown heading, the title of a Markdown document. */
  markdownTitle: boolean;
  /** The section heading the line is, in any style; read once, as every step asks. */
  heading: SectionHeading | undefined;
}

/** Throws corpus_parse for a line of the file; never returns. */
export type Fail = (line: number, message: string) => never;

const NOTE_MARK = '※';
/** A line ending so ends its paragraph; a colon too (同志们：), which the real corpus never wraps after. */
export const PARAGRAPH_END = /[。！？!?…：:]["”’」』）)]*$/u;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/u;
/** A line set in bold as a whole (**一、标题**), as Markdown converted from Word often has its headings. */
const WHOLE_LINE_BOLD = /^\*\*(.+)\*\*$/u;

/** The non-blank lines of a document body; lineOffset is the number of lines before the body (front matter). */
export function splitIntoPieces(text: string, lineOffset: number): Piece[] {
  const pieces: Piece[] = [];
  let afterBlank = false;
  text.split(/\r\n|\r|\n/u).forEach((rawLine, lineIndex) => {
    const trimmed = rawLine.trim();
    if (trimmed === '') {
      afterBlank = true;
      return;
    }
    const markdown = MARKDOWN_HEADING.exec(trimmed);
    let content = markdown ? markdown[2]!.trim() : trimmed;
    if (content.startsWith('**')) content = content.replace(WHOLE_LINE_BOLD, '$1').trim();
    if (content === '') return;
    const markdownHeading = markdown !== null;
    pieces.push({
      text: content,
      line: lineOffset + lineIndex + 1,
      afterBlank,
      markdownHeading,
      markdownTitle: markdown?.[1] === '#',
      heading: readSectionHeading(content, markdownHeading),
    });
    afterBlank = false;
  });
  return pieces;
}

/** Splits off the closing ※ note; a note broken over lines (a PDF's wrapping) is joined, and nothing may follow it. */
export function splitOffNote(pieces: Piece[], fail: Fail): { pieces: Piece[]; note: string | undefined } {
  const start = pieces.findIndex((piece) => piece.text.startsWith(NOTE_MARK));
  if (start < 0) return { pieces, note: undefined };
  let note = pieces[start]!.text.slice(NOTE_MARK.length).trim();
  for (const piece of pieces.slice(start + 1)) {
    if (PARAGRAPH_END.test(note) || piece.afterBlank) fail(piece.line, `unexpected text after the ※ note: "${preview(piece.text)}"`);
    note += piece.text;
  }
  return { pieces: pieces.slice(0, start), note };
}

/** A bracketed text from pieces[index] to the piece whose bracket closes it (a page break can split it). */
export function joinBracketed(
  pieces: Piece[],
  index: number,
  failHere: Fail,
  what: string,
  stopsAt?: (piece: Piece) => boolean,
): { text: string; next: number } {
  let text = pieces[index]!.text;
  let next = index + 1;
  while (!closesBracket(text)) {
    const following = pieces[next];
    if (!following || stopsAt?.(following)) failHere(pieces[index]!.line, `${what} is not closed; expected it to end with ） or )`);
    text += following!.text;
    next++;
  }
  return { text, next };
}

/**
 * Joins the lines of a section into paragraphs. A line that ends mid-sentence continues on the
 * next line (a hard wrap or a page break); across a page break the printer sometimes repeats the
 * last character (因\n\n因地制宜), which is dropped unless the doubled pair is itself a word (天天).
 */
export function joinBody(body: Piece[]): string {
  let text = '';
  let previousStandalone = false;
  for (const piece of body) {
    // A heading inside the text (（一）… within a section 一、…, or ## … in one speech) is a paragraph of its own.
    const standalone = piece.markdownHeading || (piece.heading !== undefined && readSectionHeading(piece.text, false) !== undefined);
    if (text === '') {
      text = piece.text;
    } else if (PARAGRAPH_END.test(text) || standalone || previousStandalone) {
      text += `\n${piece.text}`;
    } else {
      const last = text.at(-1)!;
      const repeated = piece.afterBlank && hasHan(last) && piece.text.startsWith(last) && !isSingleWord(last + last);
      text += repeated ? piece.text.slice(last.length) : piece.text;
    }
    previousStandalone = standalone;
  }
  return text;
}

export function preview(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
