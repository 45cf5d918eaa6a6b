// Parses one corpus document, in any of the accepted layouts (layouts.ts), into dated excerpts, and
// repairs the artifacts that page breaks leave in published text.
import { AppError } from '../errors.ts';
import { readDocumentDate, readPreamble, datedOnlyAtTheEnd } from './document-preamble.ts';
import { type Fail, preview, splitIntoPieces, splitOffNote } from './document-pieces.ts';
import { splitFrontMatter } from './front-matter.ts';
import { layoutError } from './layouts.ts';
import { describeHeading } from './section-heading.ts';
import { parseSections } from './sectioned-layout.ts';
import { parseSingleSpeech } from './single-speech-layout.ts';
import type { SpeechDocument } from './types.ts';

export interface ParseInput {
  /** Document id (slug). */
  documentId: string;
  /** File name, used in error messages and kept as the source. */
  sourceFile: string;
  contentHash: string;
  text: string;
}

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
