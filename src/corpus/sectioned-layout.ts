// The sectioned layout: sections headed 一 / 一、标题 / （一）标题 / ## 一, numbered in order, each ending with
// an attribution unless the whole document is dated once.
import { dashLedAttribution, opensBracket, startsWithDate, unbracket } from './attribution.ts';
import { formatChineseNumeral } from './chinese-numeral.ts';
import { type Attribution, type DocumentDate, excerptOf, parseAttribution } from './dated-excerpt.ts';
import { type Fail, joinBody, joinBracketed, type Piece, preview } from './document-pieces.ts';
import { describeHeading, type HeadingStyle, type SectionHeading } from './section-heading.ts';
import type { Excerpt } from './types.ts';

interface SectionDraft {
  heading: SectionHeading;
  line: number;
  body: Piece[];
  attribution: Attribution | undefined;
}

/** The sections of a document, each an excerpt dated by its attribution or by the document's date. */
export function parseSections(
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
