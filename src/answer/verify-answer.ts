// Checks an answer against its sources before it is final: markers must name given sources,
// quotes must be verbatim in a source they cite (its text or occasion), and stated dates must be the cited sources' dates.
import { normalizeForComparison } from '../text/chinese-script.ts';
import { findStatedDates } from '../dates/format-date.ts';
import type { AnswerLanguage, Source, VerificationReport } from './types.ts';

export interface VerifiedAnswer {
  text: string;
  citations: number[];
  report: VerificationReport;
}

const MARKER_GROUP = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/gu;
const MARKER = /\[(\d+)\]/gu;
const QUOTE = /「([^」\n]+)」|“([^”\n]+)”/gu;
// A claim: a sentence (or line) together with the [n] markers that follow it.
const CLAIM = /[^。！？!?\n]*(?:[。！？!?]+[」”’"）)]*(?:\s*\[\d+\])*|\n|$)/gu;
const UNVERIFIED_MARK: Record<AnswerLanguage, string> = { zh: '（未核实）', 'zh-Hant': '（未核實）', en: ' (unverified)' };

export function verifyAnswer(text: string, sources: readonly Source[], language: AnswerLanguage): VerifiedAnswer {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  // Each source is normalised once, on the first quote that needs it, not once per quote.
  const comparable = new Map<Source, string>();
  const comparableText = (source: Source) => comparable.get(source) ?? comparable.set(source, normalizeForComparison(`${source.text}\n${source.occasion}`)).get(source)!;
  let invalidMarkers = 0;

  // 1. Markers: "[1, 2]" becomes "[1][2]"; numbers that name no source are removed and counted.
  const withValidMarkers = text.replace(MARKER_GROUP, (_group, list: string) =>
    list
      .split(/\s*[,，、]\s*/u)
      .map(Number)
      .filter((n) => {
        if (byNumber.has(n)) return true;
        invalidMarkers++;
        return false;
      })
      .map((n) => `[${n}]`)
      .join(''),
  );

  // 2 and 3. Quotes and dates, claim by claim, against the sources that claim cites.
  const unverifiedQuotes: string[] = [];
  const dateMismatches: string[] = [];
  const checked = withValidMarkers.replace(CLAIM, (claim) => {
    if (claim === '') return claim;
    const cited = [...claim.matchAll(MARKER)].map((match) => byNumber.get(Number(match[1]))!).filter(Boolean);
    for (const stated of findStatedDates(claim)) {
      if (cited.length > 0 && !cited.some((source) => source.date.startsWith(stated.iso))) dateMismatches.push(stated.raw);
    }
    return claim.replace(QUOTE, (quote, corner?: string, curly?: string) => {
      const quoted = normalizeForComparison(corner ?? curly ?? '');
      if (quoted.length < 2) return quote;
      // A claim that cites nothing (a source list, an abstention naming an occasion) may quote any given source.
      const candidates = cited.length > 0 ? cited : sources;
      const verified = candidates.some((source) => comparableText(source).includes(quoted));
      if (verified) return quote;
      unverifiedQuotes.push(corner ?? curly ?? '');
      return `${quote}${UNVERIFIED_MARK[language]}`;
    });
  });

  const citations = [...new Set([...checked.matchAll(MARKER)].map((match) => Number(match[1])))].sort((left, right) => left - right);
  return { text: checked, citations, report: { invalidMarkers, unverifiedQuotes, dateMismatches } };
}
