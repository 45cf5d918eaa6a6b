// Retrieval figures broken down by language and by question type, abstention as the precision and
// recall of "not covered", and how both move with the abstention threshold.

/** What one gold question came to, as the breakdown needs it. */
export interface QuestionOutcome {
  id: string;
  lang: string;
  type: string;
  /** False when the gold set says the corpus does not cover the question. */
  inScope: boolean;
  /** Rank of the first gold excerpt among the results, 1-based; undefined when absent or out of scope. */
  rank: number | undefined;
  /** True when retrieval said "not covered". */
  notCovered: boolean;
  /** True when retrieval showed the nearest excerpts with the caveat that they may not address the question directly. */
  partial: boolean;
  /** The score retrieval compares with its threshold to say "not covered" (lower: less evidence). */
  evidence: number;
}

export interface GroupScores {
  group: string;
  /** Questions in the group, in scope and not. */
  n: number;
  inScope: number;
  recall1: number;
  recall3: number;
  mrr: number;
  /** Questions of the group that retrieval said are not covered. */
  notCovered: number;
  /** Questions of the group answered with the caveat that the excerpts may not address them directly. */
  partial: number;
}

export interface AbstentionScores {
  /** Of the questions said to be not covered, the share that really are. */
  precision: number;
  /** Of the questions really not covered, the share said to be. */
  recall: number;
  /** Of the questions in scope, the share wrongly said to be not covered. */
  wronglyAbstained: number;
  outOfScope: number;
  inScope: number;
}

export interface SweepPoint extends AbstentionScores {
  threshold: number;
}

/**
 * Types whose figures belong to other evaluations (dates, follow-ups with their history): reported in
 * their own rows, left out of the headline figures.
 */
export const SEPARATELY_EVALUATED_TYPES: ReadonlySet<string> = new Set(['time', 'followup']);

export function isHeadline(outcome: QuestionOutcome): boolean {
  return !SEPARATELY_EVALUATED_TYPES.has(outcome.type);
}

/** Scores per value of `key` (language, type), in order of first appearance. */
export function scoresBy(outcomes: readonly QuestionOutcome[], key: (outcome: QuestionOutcome) => string): GroupScores[] {
  const groups = new Map<string, QuestionOutcome[]>();
  for (const outcome of outcomes) {
    const group = key(outcome);
    groups.set(group, [...(groups.get(group) ?? []), outcome]);
  }
  return [...groups].map(([group, members]) => scoresOf(group, members));
}

export function scoresOf(group: string, outcomes: readonly QuestionOutcome[]): GroupScores {
  const inScope = outcomes.filter((outcome) => outcome.inScope);
  const count = (predicate: (outcome: QuestionOutcome) => boolean) => inScope.filter(predicate).length;
  return {
    group,
    n: outcomes.length,
    inScope: inScope.length,
    recall1: ratio(
      count((outcome) => outcome.rank === 1),
      inScope.length,
    ),
    recall3: ratio(
      count((outcome) => outcome.rank !== undefined && outcome.rank <= 3),
      inScope.length,
    ),
    mrr: ratio(
      inScope.reduce((sum, outcome) => sum + (outcome.rank === undefined ? 0 : 1 / outcome.rank), 0),
      inScope.length,
    ),
    notCovered: outcomes.filter((outcome) => outcome.notCovered).length,
    partial: outcomes.filter((outcome) => outcome.partial).length,
  };
}

export function abstentionScores(
  outcomes: readonly QuestionOutcome[],
  saysNotCovered: (outcome: QuestionOutcome) => boolean = (outcome) => outcome.notCovered,
): AbstentionScores {
  const outOfScope = outcomes.filter((outcome) => !outcome.inScope);
  const inScope = outcomes.filter((outcome) => outcome.inScope);
  const flagged = outcomes.filter(saysNotCovered);
  const rightlyFlagged = flagged.filter((outcome) => !outcome.inScope).length;
  return {
    precision: ratio(rightlyFlagged, flagged.length),
    recall: ratio(rightlyFlagged, outOfScope.length),
    wronglyAbstained: ratio(flagged.length - rightlyFlagged, inScope.length),
    outOfScope: outOfScope.length,
    inScope: inScope.length,
  };
}

/** Abstention at each threshold: a question is said to be not covered when its evidence is below the threshold. */
export function thresholdSweep(outcomes: readonly QuestionOutcome[], thresholds: readonly number[]): SweepPoint[] {
  return thresholds.map((threshold) => ({ threshold, ...abstentionScores(outcomes, (outcome) => outcome.evidence < threshold) }));
}

const ratio = (value: number, total: number) => (total === 0 ? 0 : Math.round((value / total) * 1000) / 1000);
