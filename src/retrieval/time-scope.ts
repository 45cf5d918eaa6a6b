// A rerank post-processor for questions about time. A question with a period keeps every excerpt in the
// period that is on its topic, in date order, and nothing from outside it; "the latest/first on X" keeps
// the newest/oldest speech on X. When nothing falls in the period, it names the nearest dates instead.
import { inRange, type DateRange } from '../dates/calendar.ts';
import type { DateOrder } from '../dates/parse-date-intent.ts';
import { topicality } from '../text/general-word-frequency.ts';
import { englishTopicality } from '../translation/english-topicality.ts';
import type { AnalyzedQuery } from './analyze-query.ts';

/** A word at least this topical (0.3 generic … 1 rare) that the corpus lacks makes a question about something the corpus does not hold; 0.8, between 些 (0.53) and rare words (1). */
const UNKNOWN_TOPICALITY = 0.8;

/**
 * Whether the question names something the corpus never mentions, and rare in Chinese at large
 * (天气, GDP; not 些): then a period without it holds nothing on the question's topic.
 * @param idf a term's IDF in the corpus; an unseen term ('\u0000') gets the highest.
 */
export function namesUnknownTopic(query: AnalyzedQuery, idf: (term: string) => number): boolean {
  const unseen = idf('\u0000');
  return query.concepts.some(({ label, alternatives }) =>
    alternatives.length === 0
      ? englishTopicality(label) >= UNKNOWN_TOPICALITY
      : alternatives.every((term) => idf(term) >= unseen && topicality(term) >= UNKNOWN_TOPICALITY),
  );
}

export interface TimeScopeCandidate {
  /** Fused relevance; comparable within one question. */
  fused: number;
  /** Raw BM25 score of the candidate's best chunk, 0 when no term matched. */
  lexical: number;
  excerpt: { id: string; date: string; occasion: string };
}

export interface TimeScopeSettings {
  /** A period question keeps a candidate scoring at least this share of the best in the period, fused… */
  periodRelevance: number;
  /** …and at least this share of the best lexical score (a term of the question must occur in it). */
  periodLexical: number;
  /** The same two shares for "the latest/first on X", stricter: one speech must be chosen. */
  orderRelevance: number;
  orderLexical: number;
  /** At most this many excerpts for one period. */
  maxResults: number;
}

/**
 * Fitted on the dev split's time questions (the odd-numbered ids of the first time/follow-up set):
 * on-topic excerpts scored ≥ 0.24 of the period's best, off-topic ones ≤ 0.21; the order shares
 * keep LATEST_RELEVANCE's 0.5 that the retriever already used for "the latest".
 */
export const DEFAULT_TIME_SCOPE_SETTINGS: TimeScopeSettings = {
  periodRelevance: 0.22,
  periodLexical: 0.15,
  orderRelevance: 0.5,
  orderLexical: 0.3,
  maxResults: 20,
};

export interface TimeScoped<Candidate> {
  kept: Candidate[];
  /** When nothing is kept: the excerpt dates nearest to the period, before and after it. */
  nearestDates: string[];
}

/** A speech: one date and occasion, whatever the number of its excerpts. */
export const speechOf = (excerpt: { date: string; occasion: string }) => `${excerpt.date}\u0000${excerpt.occasion}`;

/**
 * @param ranked candidates best first, for the question's topic
 * @param allDates every excerpt date of the index, for naming the nearest when the period is empty
 * @example scopeToTime(ranked, { from: '2024-07-01', to: '2024-12-31' }, undefined, dates).kept // in date order
 */
export function scopeToTime<Candidate extends TimeScopeCandidate>(
  ranked: readonly Candidate[],
  range: DateRange | undefined,
  order: DateOrder | undefined,
  allDates: readonly string[],
  /** The question names something the corpus never mentions (GDP, 天气): a period without it has nothing on topic. */
  namesUnknownTopic = false,
  settings: TimeScopeSettings = DEFAULT_TIME_SCOPE_SETTINGS,
): TimeScoped<Candidate> {
  const inPeriod = range ? ranked.filter((candidate) => inRange(candidate.excerpt.date, range)) : [...ranked];
  if (inPeriod.length === 0) return { kept: [], nearestDates: range ? nearestDates(range, allDates) : [] };

  const bestFused = Math.max(...inPeriod.map((candidate) => candidate.fused));
  const bestLexical = Math.max(...inPeriod.map((candidate) => candidate.lexical));
  // No word of the question occurs in the period (什么都讲了些什么, "what was said"): every excerpt in it is on topic.
  const topicless = bestLexical === 0 && !namesUnknownTopic;
  if (bestLexical === 0 && namesUnknownTopic) return { kept: [], nearestDates: [] };
  const [relevance, lexical] = order ? [settings.orderRelevance, settings.orderLexical] : [settings.periodRelevance, settings.periodLexical];
  const onTopic = topicless ? inPeriod : inPeriod.filter((candidate) => candidate.fused >= bestFused * relevance && candidate.lexical >= bestLexical * lexical);

  if (order) {
    const dates = onTopic.map((candidate) => candidate.excerpt.date).sort();
    const chosenDate = order === 'latest' ? dates.at(-1) : dates[0];
    const chosen = onTopic.filter((candidate) => candidate.excerpt.date === chosenDate);
    const speech = chosen[0] ? speechOf(chosen[0].excerpt) : undefined;
    return { kept: chosen.filter((candidate) => speechOf(candidate.excerpt) === speech), nearestDates: [] };
  }
  const kept = [...onTopic]
    .sort((left, right) => left.excerpt.date.localeCompare(right.excerpt.date) || right.fused - left.fused)
    .slice(0, settings.maxResults);
  return { kept, nearestDates: [] };
}

/** The last excerpt date before the period and the first after it. */
function nearestDates(range: DateRange, allDates: readonly string[]): string[] {
  const before =
    range.from === undefined
      ? undefined
      : allDates
          .filter((date) => date < range.from!)
          .sort()
          .at(-1);
  const after = range.to === undefined ? undefined : allDates.filter((date) => date > range.to!).sort()[0];
  return [before, after].filter((date): date is string => date !== undefined);
}
