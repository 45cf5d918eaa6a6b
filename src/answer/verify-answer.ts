// Checks an answer against its sources, claim by claim: markers must name given sources, quotes
// must be verbatim in a source they cite (its text or occasion), and stated dates must be the cited
// sources' dates. A streamed answer is checked claim by claim as it arrives, with the same result.
import { normalizeForComparison } from '../text/chinese-script.ts';
import { ZH_AFTER_ATOM, ZH_BEFORE_ATOM } from '../dates/chinese-date-atoms.ts';
import { EN_BEFORE_ATOM } from '../dates/english-date-atoms.ts';
import { findStatedDates } from '../dates/format-date.ts';
import { splitClaims } from './split-claims.ts';
import type { AnswerLanguage, Source, VerificationReport } from './types.ts';

export interface VerifiedAnswer {
  text: string;
  citations: number[];
  report: VerificationReport;
}

const MARKER_GROUP = /\[(\d+(?:\s*[,，、]\s*\d+)*)\]/gu;
const MARKER = /\[(\d+)\]/gu;
const QUOTE = /「([^」\n]+)」|“([^”\n]+)”|"([^"\n]+)"|『([^』\n]+)』/gu;
/** An opening quotation mark; once closed quotations are blanked out, one that is left was never closed. */
const UNCLOSED_OPENER = /[「“『"]/u;
const HAN = /\p{Script=Han}/u;
const UNVERIFIED_MARK: Record<AnswerLanguage, string> = { zh: '（未核实）', 'zh-Hant': '（未核實）', en: ' (unverified)' };
const DATE_MISMATCH_MARK: Record<AnswerLanguage, string> = {
  zh: '（与所引来源的日期不符）',
  'zh-Hant': '（與所引來源的日期不符）',
  en: ' (not the date of the source cited)',
};
/** An English answer can quote only the Chinese original; words of its own in quotation marks are a translation. */
const TRANSLATION_MARK = " (a translation, not the speaker's words)";

export class AnswerVerifier {
  private readonly byNumber: Map<number, Source>;
  // Each source is normalised once, on the first quote that needs it, not once per quote.
  private readonly comparable = new Map<Source, string>();
  private readonly cited = new Set<number>();
  readonly report: VerificationReport = { invalidMarkers: 0, unverifiedQuotes: [], dateMismatches: [] };

  constructor(
    private readonly sources: readonly Source[],
    private readonly language: AnswerLanguage,
  ) {
    this.byNumber = new Map(sources.map((source) => [source.n, source]));
  }

  /** The source numbers cited so far, ascending. */
  get citations(): number[] {
    return [...this.cited].sort((left, right) => left - right);
  }

  /** Checks one claim (see splitClaims) and returns it as it may be shown. */
  checkClaim(claim: string): string {
    if (claim === '') return claim;
    // 1. Markers: "[1, 2]" becomes "[1][2]"; numbers that name no source are removed and counted.
    const withValidMarkers = claim.replace(MARKER_GROUP, (_group, list: string) =>
      list
        .split(/\s*[,，、]\s*/u)
        .map(Number)
        .filter((n) => {
          if (this.byNumber.has(n)) return true;
          this.report.invalidMarkers++;
          return false;
        })
        .map((n) => `[${n}]`)
        .join(''),
    );
    // 2 and 3. Dates and quotes, against the sources this claim cites.
    const cited = [...withValidMarkers.matchAll(MARKER)].map((match) => this.byNumber.get(Number(match[1]))!);
    const datesChecked = this.markMismatchedDates(withValidMarkers, cited);
    // A claim that cites nothing (a source list, an abstention naming an occasion) may quote any given source.
    const candidates = cited.length > 0 ? cited : this.sources;
    const closed = datesChecked.replace(QUOTE, (quote, ...groups: Array<string | undefined>) => {
      const inner = groups.slice(0, 4).find((group) => group !== undefined) ?? '';
      const mark = this.unverifiedMark(inner, candidates);
      return mark === '' ? quote : `${quote}${mark}`;
    });
    const checked = this.checkUnclosedQuote(closed, candidates);
    for (const match of checked.matchAll(MARKER)) this.cited.add(Number(match[1]));
    return checked;
  }

  /**
   * A date stated in a claim must be the date of a source the claim cites; one that is not is reported and
   * marked where it stands, so that a reader of the text alone (a /v1 client) sees it too.
   */
  private markMismatchedDates(claim: string, cited: readonly Source[]): string {
    if (cited.length === 0) return claim;
    let marked = claim;
    for (const stated of findStatedDates(claim).reverse()) {
      if (cited.some((source) => source.date.startsWith(stated.iso))) continue;
      // 2024年7月以来, since March 2024: the end of a period, not the date of a speech.
      if (boundsAPeriod(claim, stated.index, stated.index + stated.raw.length)) continue;
      this.report.dateMismatches.unshift(stated.raw);
      const end = stated.index + stated.raw.length;
      marked = `${marked.slice(0, end)}${DATE_MISMATCH_MARK[this.language]}${marked.slice(end)}`;
    }
    return marked;
  }

  /**
   * A quotation never closed (a model that forgot the closing mark, or a reply cut at its length limit)
   * runs to the end of its claim: its words, without the markers and full stop after them, must still
   * be verbatim in a source, or the claim ends with the mark.
   */
  private checkUnclosedQuote(claim: string, candidates: readonly Source[]): string {
    // Closed quotations are blanked out first, so that only an opening mark left without its closer is found.
    const opener = claim.replace(QUOTE, (quote) => ' '.repeat(quote.length)).search(UNCLOSED_OPENER);
    if (opener === -1) return claim;
    const body = claim.replace(/\s+$/u, '');
    const inner = body
      .slice(opener + 1)
      .replace(MARKER, '')
      .replace(/[\s。！？；!?;.，,]+$/u, '');
    const mark = this.unverifiedMark(inner, candidates);
    return mark === '' ? claim : `${body}${mark}${claim.slice(body.length)}`;
  }

  /** '' when a quotation is verbatim in one of the candidate sources (or too short to judge); otherwise the mark it gets, and it is reported. */
  private unverifiedMark(inner: string, candidates: readonly Source[]): string {
    const quoted = normalizeForComparison(inner);
    if (quoted.length < 2) return '';
    if (candidates.some((source) => this.comparableText(source).includes(quoted))) return '';
    this.report.unverifiedQuotes.push(inner);
    return this.language === 'en' && !HAN.test(inner) ? TRANSLATION_MARK : UNVERIFIED_MARK[this.language];
  }

  private comparableText(source: Source): string {
    let text = this.comparable.get(source);
    if (text === undefined) {
      text = normalizeForComparison(`${source.text}\n${source.occasion}`);
      this.comparable.set(source, text);
    }
    return text;
  }
}

function boundsAPeriod(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start);
  const after = text.slice(end);
  return (
    [...ZH_BEFORE_ATOM, ...EN_BEFORE_ATOM].some(([pattern]) => pattern.test(before)) ||
    ZH_AFTER_ATOM.some(([pattern]) => pattern.test(after)) ||
    /^\s*(?:到|至|—|–|-|~|～|(?:to|until|till|onwards?)\b)/iu.test(after)
  );
}

/** Checks a whole answer. */
export function verifyAnswer(text: string, sources: readonly Source[], language: AnswerLanguage): VerifiedAnswer {
  const verifier = new AnswerVerifier(sources, language);
  const { claims, rest } = splitClaims(text);
  const checked = [...claims, rest].map((claim) => verifier.checkClaim(claim)).join('');
  return { text: checked, citations: verifier.citations, report: verifier.report };
}
