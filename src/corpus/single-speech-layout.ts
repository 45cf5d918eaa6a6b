// The single-speech layout: one speech dated by the document (front matter or a date line) or by a closing
// attribution, which a page break may have split over up to three lines.
import { closesBracket, dashLedAttribution, opensBracket, startsWithDate, unbracket } from './attribution.ts';
import { type Attribution, type DocumentDate, excerptOf, parseAttribution } from './dated-excerpt.ts';
import { type Fail, joinBody, type Piece } from './document-pieces.ts';
import type { Excerpt } from './types.ts';

/** The speech as one excerpt, section 1 without a heading. */
export function parseSingleSpeech(
  pieces: Piece[],
  documentDate: DocumentDate | undefined,
  documentId: string,
  lastLine: number,
  fail: Fail,
  failHere: Fail,
): Excerpt {
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
