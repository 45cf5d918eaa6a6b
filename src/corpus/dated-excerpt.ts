// Reads the date and occasion of an attribution, and makes the excerpt an attribution dates.
import { readLeadingDate, type DatedText } from './attribution.ts';
import { type Fail, preview } from './document-pieces.ts';
import type { Excerpt } from './types.ts';

/** An attribution or date line as printed, without brackets or a leading dash. */
export interface Attribution {
  text: string;
  line: number;
}

/** The date and occasion a whole document gives (front matter or a date line under the title). */
export interface DocumentDate extends DatedText {
  attribution: string;
  line: number;
}

/** Date and occasion of an attribution; an attribution with a date only takes the document's occasion. */
export function parseAttribution(attribution: Attribution, fallbackOccasion: string | undefined, failHere: Fail): DatedText {
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

/** One dated excerpt of a document, section by section. */
export function excerptOf(documentId: string, section: number, heading: string, text: string, dated: DatedText, attribution: string): Excerpt {
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
