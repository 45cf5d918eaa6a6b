// Parses one corpus document, in any of the accepted layouts (layouts.ts), into dated excerpts, and
// repairs the artifacts that page breaks leave in published text.
import { AppError } from '../errors.ts';
import { hasHan } from '../text/script.ts';
import { isSingleWord } from '../text/tokenizer.ts';
import { closesBracket, dashLedAttribution, opensBracket, readLeadingDate, startsWithDate, unbracket, type DatedText } from './attribution.ts';
import { formatChineseNumeral } from './chinese-numeral.ts';
import { splitFrontMatter, type FrontMatter } from './front-matter.ts';
import { layoutError } from './layouts.ts';
import { describeHeading, readSectionHeading, type HeadingStyle, type SectionHeading } from './section-heading.ts';
import type { Excerpt, SpeechDocument } from './types.ts';

interface Piece {
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

interface Attribution {
  /** As printed, without brackets or a leading dash. */
  text: string;
  line: number;
}

interface SectionDraft {
  heading: SectionHeading;
  line: number;
  body: Piece[];
  attribution: Attribution | undefined;
}

/** The date and occasion a whole document gives (front matter or a date line under the title). */
interface DocumentDate extends DatedText {
  attribution: string;
  line: number;
}

export interface ParseInput {
  /** Document id (slug). */
  documentId: string;
  /** File name, used in error messages and kept as the source. */
  sourceFile: string;
  contentHash: string;
  text: string;
}

type Fail = (line: number, message: string) => never;

const NOTE_MARK = '※';
/** A line ending so ends its paragraph; a colon too (同志们：), which the real corpus never wraps after. */
const PARAGRAPH_END = /[。！？!?…：:]["”’」』）)]*$/u;
const MARKDOWN_HEADING = /^(#{1,6})\s+(.*?)(?:\s+#+)?$/u;
/** A line set in bold as a whole (**一、标题**), as Markdown converted from Word often has its headings. */
const WHOLE_LINE_BOLD = /^\*\*(.+)\*\*$/u;
/** A speaker line names a person: short, and neither a sentence nor a list. */
const MAX_SPEAKER_CHARS = 20;
const NOT_A_NAME = /[。！？!?，,；;：:、（）()《》“”"—]/u;
const SPEAKER_LABEL = /^(?:主讲人|讲话人|演讲人|报告人|发言人|作者|speaker|author)\s*[:：]\s*/iu;
/** A plain date line (2024年11月6日 · 杭州) is short; a longer line starting with a date is text. */
const MAX_DATE_LINE_CHARS = 60;

/**
 * Parses a document in one of the accepted layouts: sections headed 一 / 一、标题 / （一）标题 / ## 一, each
 * ending with an attribution; or one speech dated by its front matter, a date line or a closing attribution.
 * Throws corpus_parse naming the file and line, what was expected there, and the accepted layouts.
 * @example parseDocument({ documentId: 'doc', sourceFile: 'doc.txt', contentHash: '…', text })
 */
export function parseDocument(input: ParseInput): SpeechDocument {
  /** A layout error: the message lists the accepted layouts. */
  const fail: Fail = (line, message) => {
    throw new AppError('corpus_parse', layoutError(input.sourceFile, line, message));
  };
  /** An error in a line of a recognised layout (a date off the calendar): the layouts would not help. */
  const failHere: Fail = (line, message) => {
    throw new AppError('corpus_parse', `${input.sourceFile}:${line}: ${message}`);
  };

  const { frontMatter, body, bodyLineOffset } = splitFrontMatter(input.text.replace(/^\uFEFF/u, ''), fail);
  const { pieces, note } = splitOffNote(splitIntoPieces(body, bodyLineOffset), fail);
  if (pieces.length === 0) fail(bodyLineOffset + 1, 'the file has no text; expected a title line followed by sections headed 一, 二, … or by one speech');

  let style = pieces.find((piece) => piece.heading !== undefined)?.heading?.style;
  let preamble = readPreamble(pieces, frontMatter, style, fail, failHere);
  const documentDate = readDocumentDate(frontMatter, preamble.dateLine, fail, failHere);
  if (style && preamble.stray) {
    // Text before the first heading: a speech whose numbered parts follow an opening is one speech, when
    // it is dated once (under its title, or by one closing attribution); otherwise it was meant to be sectioned.
    if (documentDate === undefined && !datedOnlyAtTheEnd(pieces))
      fail(preamble.stray.line, `expected the first section heading ${describeHeading(style, '一')} but found "${preview(preamble.stray.text)}"`);
    style = undefined;
    preamble = readPreamble(pieces, frontMatter, style, fail, failHere);
  }

  const excerpts = style
    ? parseSections(pieces.slice(preamble.consumed), style, documentDate, input.documentId, fail, failHere)
    : [parseSingleSpeech(pieces.slice(preamble.consumed), documentDate, input.documentId, pieces.at(-1)!.line, fail, failHere)];

  for (const excerpt of excerpts) {
    excerpt.speaker = preamble.speaker;
    excerpt.documentTitle = preamble.title;
  }
  return {
    id: input.documentId,
    title: preamble.title,
    author: preamble.speaker,
    note,
    sourceFile: input.sourceFile,
    contentHash: input.contentHash,
    excerpts,
  };
}

interface Preamble {
  title: string;
  speaker: string | undefined;
  dateLine: Attribution | undefined;
  /** How many pieces the preamble took. */
  consumed: number;
  /** Text between the preamble and the first section heading, which the sectioned layout has no place for. */
  stray: Piece | undefined;
}

/** The title, speaker and date lines before the text; front matter stands in for any of them. */
function readPreamble(pieces: Piece[], frontMatter: FrontMatter, style: HeadingStyle | undefined, fail: Fail, failHere: Fail): Preamble {
  let index = 0;
  let title = frontMatter.title;
  const first = pieces[0]!;
  // With a title in front matter, a first line is still the title when it is a # heading or repeats it.
  if (title === undefined || first.markdownTitle || first.text === title) {
    if (isSection(first, style) || dateLineAt(pieces, 0, failHere)) {
      fail(first.line, `expected a title line before "${preview(first.text)}" (or title: … in YAML front matter)`);
    }
    title ??= first.text;
    index = 1;
  }
  let speaker = frontMatter.speaker;
  let dateLine: Attribution | undefined;
  // A speaker line and a date line may follow the title, in either order.
  for (let taken = 0; taken < 2 && index < pieces.length; taken++) {
    const piece = pieces[index]!;
    if (isSection(piece, style)) break;
    const date = dateLine ? undefined : dateLineAt(pieces, index, failHere);
    if (date) {
      dateLine = date.attribution;
      index = date.next;
      continue;
    }
    const name = speaker === undefined ? speakerName(piece.text) : undefined;
    if (name === undefined) break;
    speaker = name;
    index++;
  }
  const next = pieces[index];
  const stray = style && next && !isSection(next, style) ? next : undefined;
  return { title, speaker, dateLine, consumed: index, stray };
}

/** Whether the only attribution of a text is its last line (or the bracketed lines that end it). */
function datedOnlyAtTheEnd(pieces: Piece[]): boolean {
  const attributionLines = pieces.flatMap((piece, index) =>
    dashLedAttribution(piece.text) || (opensBracket(piece.text) && startsWithDate(piece.text.slice(1).trim())) ? [index] : [],
  );
  if (attributionLines.length !== 1) return false;
  const rest = pieces.slice(attributionLines[0]!);
  return rest.length <= 3 && (rest.length === 1 || closesBracket(rest.at(-1)!.text));
}

function isSection(piece: Piece, style: HeadingStyle | undefined): boolean {
  return style !== undefined && piece.heading?.style === style;
}

function speakerName(text: string): string | undefined {
  const name = text.replace(SPEAKER_LABEL, '').trim();
  if (name === '' || name.length > MAX_SPEAKER_CHARS || NOT_A_NAME.test(name) || startsWithDate(name) || PARAGRAPH_END.test(name)) return undefined;
  return name;
}

/**
 * A line (or a bracketed attribution broken over several) that dates a whole document: ## 2024年11月6日 · 杭州,
 * 2024-11-06 杭州, （2024年11月6日，杭州）, ——2024年11月6日在….
 */
function dateLineAt(pieces: Piece[], index: number, failHere: Fail): { attribution: Attribution; next: number } | undefined {
  const piece = pieces[index]!;
  const dashed = dashLedAttribution(piece.text);
  if (dashed) return { attribution: { text: dashed, line: piece.line }, next: index + 1 };
  if (opensBracket(piece.text) && startsWithDate(piece.text.slice(1).trim())) {
    const joined = joinBracketed(pieces, index, failHere, 'the date line');
    return { attribution: { text: unbracket(joined.text), line: piece.line }, next: joined.next };
  }
  const plainDateLine = piece.text.length <= MAX_DATE_LINE_CHARS && !PARAGRAPH_END.test(piece.text);
  if (startsWithDate(piece.text) && (piece.markdownHeading || plainDateLine)) return { attribution: { text: piece.text, line: piece.line }, next: index + 1 };
  return undefined;
}

/** A bracketed text from pieces[index] to the piece whose bracket closes it (a page break can split it). */
function joinBracketed(pieces: Piece[], index: number, failHere: Fail, what: string, stopsAt?: (piece: Piece) => boolean): { text: string; next: number } {
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

function readDocumentDate(frontMatter: FrontMatter, dateLine: Attribution | undefined, fail: Fail, failHere: Fail): DocumentDate | undefined {
  if (frontMatter.date !== undefined) {
    const reading = readLeadingDate(frontMatter.date);
    if (reading.kind !== 'dated' || reading.value.occasion !== '') {
      fail(2, `front matter: date "${frontMatter.date}" is not a date; expected yyyy-mm-dd (or yyyy年m月d日) and nothing else`);
    }
    const { date } = (reading as { value: DatedText }).value;
    const occasion = frontMatter.occasion ?? (dateLine ? parseAttribution(dateLine, undefined, failHere).occasion : undefined);
    if (!occasion) fail(2, 'front matter: a date but no occasion; add occasion: … (where or on what occasion the speech was given)');
    return { date, occasion: occasion!, attribution: `${frontMatter.date}，${occasion}`, line: 2 };
  }
  if (!dateLine) return undefined;
  const dated = parseAttribution(dateLine, frontMatter.occasion, failHere);
  return { ...dated, attribution: dateLine.text, line: dateLine.line };
}

/** Date and occasion of an attribution; an attribution with a date only takes the document's occasion. */
function parseAttribution(attribution: Attribution, fallbackOccasion: string | undefined, failHere: Fail): DatedText {
  const reading = readLeadingDate(attribution.text);
  if (reading.kind === 'undated') {
    failHere(
      attribution.line,
      `attribution "${preview(attribution.text)}" does not start with a date; expected yyyy年m月d日 or yyyy-mm-dd followed by the occasion`,
    );
  }
  if (reading.kind === 'unreal') failHere(attribution.line, `attribution date ${reading.written} is not a real calendar date`);
  const { date, occasion } = (reading as { value: DatedText }).value;
  const chosen = occasion || fallbackOccasion;
  if (!chosen) failHere(attribution.line, `attribution "${preview(attribution.text)}" names no occasion after its date`);
  return { date, occasion: chosen! };
}

function parseSections(
  pieces: Piece[],
  style: HeadingStyle,
  documentDate: DocumentDate | undefined,
  documentId: string,
  fail: Fail,
  failHere: Fail,
): Excerpt[] {
  const sections: SectionDraft[] = [];
  const headingOf = (piece: Piece) => (piece.heading?.style === style ? piece.heading : undefined);
  const complete = (section: SectionDraft) => {
    if (section.body.length === 0) fail(section.line, `section ${section.heading.text} has no text`);
    if (!section.attribution && !documentDate) {
      fail(
        section.body.at(-1)!.line,
        `section ${section.heading.text} has no attribution; expected a line like （2024年1月31日在…的讲话） after its text, or one date for the whole document under its title or in its front matter`,
      );
    }
  };

  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index]!;
    const heading = headingOf(piece);
    if (heading) {
      const expected = sections.length + 1;
      if (heading.number !== expected) {
        const numeral = formatChineseNumeral(expected);
        fail(
          piece.line,
          `expected the section heading ${describeHeading(style, numeral)} (section ${expected}) but found ${piece.text} (section ${heading.number})`,
        );
      }
      const previous = sections.at(-1);
      if (previous) complete(previous);
      sections.push({ heading, line: piece.line, body: [], attribution: undefined });
      continue;
    }

    const section = sections.at(-1)!;
    if (section.attribution) {
      const next = describeHeading(style, formatChineseNumeral(section.heading.number + 1));
      fail(
        piece.line,
        `text after the attribution of section ${section.heading.text}; expected the next section heading ${next} or the ※ note, found "${preview(piece.text)}"`,
      );
    }

    const dashed = dashLedAttribution(piece.text);
    if (dashed) {
      section.attribution = { text: dashed, line: piece.line };
      continue;
    }
    // A bracketed line is the attribution when it starts with a date or ends the section; a page break can split it.
    const endsSection = index + 1 === pieces.length || headingOf(pieces[index + 1]!) !== undefined;
    if (opensBracket(piece.text) && (startsWithDate(piece.text.slice(1).trim()) || endsSection)) {
      const joined = joinBracketed(pieces, index, failHere, `the attribution of section ${section.heading.text}`, (next) => headingOf(next) !== undefined);
      section.attribution = { text: unbracket(joined.text), line: piece.line };
      index = joined.next - 1;
      continue;
    }
    section.body.push(piece);
  }
  complete(sections.at(-1)!);

  return sections.map((section) => {
    const dated = section.attribution ? parseAttribution(section.attribution, documentDate?.occasion, failHere) : documentDate!;
    return excerptOf(
      documentId,
      section.heading.number,
      section.heading.text,
      joinBody(section.body),
      dated,
      section.attribution?.text ?? documentDate!.attribution,
    );
  });
}

function parseSingleSpeech(pieces: Piece[], documentDate: DocumentDate | undefined, documentId: string, lastLine: number, fail: Fail, failHere: Fail): Excerpt {
  // A closing attribution: the last piece, or the last few when a page break split its brackets.
  let closing: Attribution | undefined;
  let bodyEnd = pieces.length;
  const last = pieces.at(-1);
  const dashed = last && dashLedAttribution(last.text);
  if (dashed) {
    closing = { text: dashed, line: last.line };
    bodyEnd--;
  } else if (last && closesBracket(last.text)) {
    for (let start = pieces.length - 1; start >= Math.max(0, pieces.length - 3); start--) {
      const piece = pieces[start]!;
      if (opensBracket(piece.text) && startsWithDate(piece.text.slice(1).trim())) {
        closing = {
          text: unbracket(
            pieces
              .slice(start)
              .map((each) => each.text)
              .join(''),
          ),
          line: piece.line,
        };
        bodyEnd = start;
        break;
      }
    }
  }
  const body = pieces.slice(0, bodyEnd);
  if (body.length === 0) fail(lastLine, 'expected the text of the speech after its title, speaker and date lines');
  const dated = closing ? parseAttribution(closing, documentDate?.occasion, failHere) : documentDate;
  if (!dated) {
    fail(
      body[0]!.line,
      'found no sections and no date for a single speech; expected a date line such as ## 2024年11月6日 · 杭州 under the title, an attribution such as （2024年11月6日，杭州） after the text, or date: 2024-11-06 and occasion: … in YAML front matter',
    );
  }
  return excerptOf(documentId, 1, '', joinBody(body), dated!, closing?.text ?? documentDate!.attribution);
}

function excerptOf(documentId: string, section: number, heading: string, text: string, dated: DatedText, attribution: string): Excerpt {
  return {
    id: `${documentId}-${section}`,
    documentId,
    section,
    heading,
    text,
    date: dated.date,
    occasion: dated.occasion,
    attribution,
    // Filled in once the preamble is known.
    speaker: undefined,
    documentTitle: '',
  };
}

function splitIntoPieces(text: string, lineOffset: number): Piece[] {
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
function splitOffNote(pieces: Piece[], fail: Fail): { pieces: Piece[]; note: string | undefined } {
  const start = pieces.findIndex((piece) => piece.text.startsWith(NOTE_MARK));
  if (start < 0) return { pieces, note: undefined };
  let note = pieces[start]!.text.slice(NOTE_MARK.length).trim();
  for (const piece of pieces.slice(start + 1)) {
    if (PARAGRAPH_END.test(note) || piece.afterBlank) fail(piece.line, `unexpected text after the ※ note: "${preview(piece.text)}"`);
    note += piece.text;
  }
  return { pieces: pieces.slice(0, start), note };
}

/**
 * Joins the lines of a section into paragraphs. A line that ends mid-sentence continues on the
 * next line (a hard wrap or a page break); across a page break the printer sometimes repeats the
 * last character (因\n\n因地制宜), which is dropped unless the doubled pair is itself a word (天天).
 */
function joinBody(body: Piece[]): string {
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

function preview(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}
