// A rerank post-processor for questions about time. A question with a period keeps every excerpt in the
// period that is on its topic, in date order, and nothing from outside it; "the latest/first on X" keeps
// the newest/oldest speech on X. When nothing falls in the period, it names the nearest dates instead.
// On topic means mentioning the question's subject, its most specific word the period mentions
// (mentioningSubject); failing that, above the largest drop in relevance (aboveLargestDrop).
import { inRange, type DateRange } from '../dates/calendar.ts';
import type { DateOrder } from '../dates/parse-date-intent.ts';
import { topicality } from '../text/general-word-frequency.ts';
import { englishTopicality } from '../translation/english-topicality.ts';
import type { AnalyzedQuery } from './analyze-query.ts';
import type { WeighedConcept } from './coverage.ts';

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
  /** At most this many excerpts for one period. */
  maxResults: number;
}

/** Set by hand, above any period of the first corpus (15 excerpts), so that it only bounds an answer's length on a large corpus. */
export const DEFAULT_TIME_SCOPE_SETTINGS: TimeScopeSettings = { maxResults: 20 };

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
  /** The question's weighed concepts and each candidate's text, for finding its subject; without them, relevance alone decides. */
  subject: SubjectEvidence<Candidate> | undefined = undefined,
  settings: TimeScopeSettings = DEFAULT_TIME_SCOPE_SETTINGS,
): TimeScoped<Candidate> {
  const inPeriod = range ? ranked.filter((candidate) => inRange(candidate.excerpt.date, range)) : [...ranked];
  if (inPeriod.length === 0) return { kept: [], nearestDates: range ? nearestDates(range, allDates) : [] };

  const bestLexical = Math.max(...inPeriod.map((candidate) => candidate.lexical));
  // No word of the question occurs in the period (什么都讲了些什么, "what was said"): every excerpt in it is on topic.
  const topicless = bestLexical === 0 && !namesUnknownTopic;
  if (bestLexical === 0 && namesUnknownTopic) return { kept: [], nearestDates: [] };
  const related = topicless ? inPeriod : (mentioningSubject(inPeriod, subject) ?? aboveLargestDrop(inPeriod));
  // "How did he define X in early 2024?": the speeches of the period that define it, when any does; the
  // others only use the term.
  const defining = subject?.definitionCues ? related.filter((candidate) => subject.definitionCues!(candidate) > 0) : [];
  const onTopic = defining.length > 0 ? defining : related;

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

export interface SubjectEvidence<Candidate> {
  /** The question's concepts weighed by corpus IDF × topicality (coverage.ts): the more specific, the heavier. */
  concepts: readonly WeighedConcept[];
  /** A candidate's text and occasion, lower-cased. */
  haystack: (candidate: Candidate) => string;
  /** For a question asking for a definition in so many words (定义, define): how many of the corpus's definition cues a candidate holds. */
  definitionCues?: ((candidate: Candidate) => number) | undefined;
}

/**
 * The candidates that mention the question's subject, the most specific of its concepts (the heaviest,
 * by the weight coverage uses) that any candidate of the period mentions whole (传统产业改造升级 → 改造
 * when 论述 occurs nowhere), and those at least as relevant as the least relevant of them: a speech on
 * the topic in other words (老产业 for 传统产业) is no less on topic than one that uses the subject's word
 * in passing. A period question asks which speeches speak of something; a share of the best relevance
 * score cannot tell that when one excerpt repeats the question's wording and the others do not.
 * Undefined when no concept is mentioned whole anywhere in the period: relevance decides then.
 */
export function mentioningSubject<Candidate extends { fused: number }>(
  candidates: readonly Candidate[],
  evidence: SubjectEvidence<Candidate> | undefined,
): Candidate[] | undefined {
  if (!evidence) return undefined;
  const haystacks = new Map(candidates.map((candidate) => [candidate, evidence.haystack(candidate)]));
  const mentions = (concept: WeighedConcept, haystack: string) => concept.alternatives.some((term) => haystack.includes(term));
  const subject = [...evidence.concepts]
    .filter((concept) => concept.weight > 0)
    .sort((left, right) => right.weight - left.weight)
    .find((concept) => [...haystacks.values()].some((haystack) => mentions(concept, haystack)));
  if (!subject) return undefined;
  const mentioning = candidates.filter((candidate) => mentions(subject, haystacks.get(candidate)!));
  // Every candidate that mentions the subject passes this bar, so it keeps them and adds the more relevant.
  const bar = Math.min(...mentioning.map((candidate) => candidate.fused));
  return candidates.filter((candidate) => candidate.fused >= bar);
}

/**
 * The candidates above the largest drop in relevance, counting the drop from the last one to nothing:
 * the period's excerpts on the question's topic stand apart from the rest by a gap in score, wherever
 * it falls. Used when no word of the question occurs whole in the period. No share of the best score is assumed, as a share fitted on one set of questions (0.22 of
 * the best, once) does not carry to others; when the scores fall evenly, every candidate is kept.
 * @example aboveLargestDrop([{ fused: 1 }, { fused: 0.47 }]) // [{ fused: 1 }]: 1 → 0.47 is a larger drop than 0.47 → 0
 */
export function aboveLargestDrop<Candidate extends { fused: number }>(candidates: readonly Candidate[]): Candidate[] {
  const scores = candidates.map((candidate) => candidate.fused).sort((left, right) => right - left);
  let cut = scores[0] ?? 0;
  let largest = -1;
  scores.forEach((score, index) => {
    const drop = score - (scores[index + 1] ?? 0);
    if (drop > largest) {
      largest = drop;
      cut = score;
    }
  });
  return candidates.filter((candidate) => candidate.fused >= cut);
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
