// Answer quality on a gold set: gold citations, abstention, and what verification caught.
import { collectAnswer } from '../answer/collect-answer.ts';
import type { Answerer } from '../answer/types.ts';
import { isGoldExcerpt, isOutOfScope, type GoldQuestion } from './gold-set.ts';

export interface AnswerReport {
  n: number;
  /** In-scope answers that cite at least one gold excerpt. */
  citesGold: number;
  inScope: number;
  abstainedOutOfScope: number;
  outOfScope: number;
  abstainedInScope: number;
  invalidMarkers: number;
  unverifiedQuotes: number;
  dateMismatches: number;
  errors: number;
  /** Ids of in-scope questions whose answer cites no gold excerpt. */
  missedGold: string[];
}

export async function evaluateAnswers(answerer: Answerer, questions: readonly GoldQuestion[]): Promise<AnswerReport> {
  const report: AnswerReport = { n: 0, citesGold: 0, inScope: 0, abstainedOutOfScope: 0, outOfScope: 0, abstainedInScope: 0, invalidMarkers: 0, unverifiedQuotes: 0, dateMismatches: 0, errors: 0, missedGold: [] };
  for (const question of questions) {
    report.n++;
    const { final, sources } = await collectAnswer(answerer, [{ role: 'user', content: question.q }]);
    if (!final) {
      report.errors++;
      continue;
    }
    report.invalidMarkers += final.verification.invalidMarkers;
    report.unverifiedQuotes += final.verification.unverifiedQuotes.length;
    report.dateMismatches += final.verification.dateMismatches.length;
    if (isOutOfScope(question)) {
      report.outOfScope++;
      if (final.abstained && final.citations.length === 0) report.abstainedOutOfScope++;
      continue;
    }
    report.inScope++;
    if (final.abstained) report.abstainedInScope++;
    const cited = sources.filter((source) => final.citations.includes(source.n));
    if (cited.some((source) => isGoldExcerpt(question, source))) report.citesGold++;
    else report.missedGold.push(question.id);
  }
  return report;
}
