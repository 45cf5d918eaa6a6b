// The preamble of a document: its title, speaker and date lines (front matter stands in for any of them),
// and the date it gives the whole document.
import { closesBracket, dashLedAttribution, opensBracket, readLeadingDate, startsWithDate, unbracket, type DatedText } from './attribution.ts';
import { type Attribution, type DocumentDate, parseAttribution } from './dated-excerpt.ts';
import { type Fail, joinBracketed, PARAGRAPH_END, type Piece, preview } from './document-pieces.ts';
import type { FrontMatter } from './front-matter.ts';
import type { HeadingStyle } from './section-heading.ts';

/** A speaker line names a person: short, and neither a sentence nor a list. */
const MAX_SPEAKER_CHARS = 20;
const NOT_A_NAME = /[。！？!?，,；;：:、（）()《》“”"—]/u;
const SPEAKER_LABEL = /^(?:主讲人|讲话人|演讲人|报告人|发言人|作者|speaker|author)\s*[:：]\s*/iu;
/** A plain date line (2024年11月6日 · 杭州) is short; a longer line starting with a date is text. */
const MAX_DATE_LINE_CHARS = 60;

export interface Preamble {
  title: string;
  speaker: string | undefined;
  dateLine: Attribution | undefined;
  /** How many pieces the preamble took. */
  consumed: number;
  /** Text between the preamble and the first section heading, which the sectioned layout has no place for. */
  stray: Piece | undefined;
}

/** The title, speaker and date lines before the text; front matter stands in for any of them. */
export function readPreamble(pieces: Piece[], frontMatter: FrontMatter, style: HeadingStyle | undefined, fail: Fail, failHere: Fail): Preamble {
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
export function datedOnlyAtTheEnd(pieces: Piece[]): boolean {
  const attributionLines = pieces.flatMap((piece, index) =>
    dashLedAttribution(piece.text) || (opensBracket(piece.text) && startsWithDate(piece.text.slice(1).trim())) ? [index] : [],
  );
  if (attributionLines.length !== 1) return false;
  const rest = pieces.slice(attributionLines[0]!);
  return rest.length <= 3 && (rest.length === 1 || closesBracket(rest.at(-1)!.text));
}

export function isSection(piece: Piece, style: HeadingStyle | undefined): boolean {
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

export function readDocumentDate(frontMatter: FrontMatter, dateLine: Attribution | undefined, fail: Fail, failHere: Fail): DocumentDate | undefined {
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
