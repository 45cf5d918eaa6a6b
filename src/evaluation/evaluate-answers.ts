// Answer quality on a gold set: gold citations, abstention, and what verification caught; for time
// questions the precision and recall of the speeches cited, for follow-ups whether the second answer cites its gold.
import { collectAnswer } from '../answer/collect-answer.ts';
import type { Answerer, AnswerOptions, ChatMessage } from '../answer/types.ts';
import type { Excerpt } from '../corpus/types.ts';
import { isGoldExcerpt, isOutOfScope, type GoldQuestion } from './gold-set.ts';
import { speechScores } from './speech-scores.ts';

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
  /** Time questions (`type` "time"): mean speech-level precision and recall of what the answers cite. */
  time: { n: number; precision: number; recall: number; imperfect: Array<{ id: string; precision: number; recall: number; cited: string[]; gold: string[] }> };
  /** Follow-ups (`type` "followup"): second answers that cite a gold excerpt of the second turn (or abstain when it has none). */
  followUps: { n: number; citesGold: number; missed: string[] };
}

export interface AnswerEvaluationOptions {
  /** The corpus's excerpts, to count speeches (distinct date and occasion) rather than excerpts. */
  excerpts: readonly Excerpt[];
  /** Today, ISO, for relative dates in the questions. */
  today?: string | undefined;
}

export async function evaluateAnswers(
  answerer: Answerer,
  questions: readonly GoldQuestion[],
  settings: AnswerEvaluationOptions = { excerpts: [] },
): Promise<AnswerReport> {
  const report: AnswerReport = {
    n: 0,
    citesGold: 0,
    inScope: 0,
    abstainedOutOfScope: 0,
    outOfScope: 0,
    abstainedInScope: 0,
    invalidMarkers: 0,
    unverifiedQuotes: 0,
    dateMismatches: 0,
    errors: 0,
    missedGold: [],
    time: { n: 0, precision: 0, recall: 0, imperfect: [] },
    followUps: { n: 0, citesGold: 0, missed: [] },
  };
  const options: AnswerOptions = settings.today ? { today: settings.today } : {};
  for (const question of questions) {
    report.n++;
    const messages: ChatMessage[] = [];
    // A follow-up is asked after its earlier turns, each answered by the same answerer.
    for (const turn of question.history ?? []) {
      messages.push({ role: 'user', content: turn.q });
      const earlier = await collectAnswer(answerer, messages, options);
      messages.push({ role: 'assistant', content: earlier.final?.text ?? '' });
    }
    messages.push({ role: 'user', content: question.q });
    const { final, sources } = await collectAnswer(answerer, messages, options);
    if (!final) {
      report.errors++;
      continue;
    }
    report.invalidMarkers += final.verification.invalidMarkers;
    report.unverifiedQuotes += final.verification.unverifiedQuotes.length;
    report.dateMismatches += final.verification.dateMismatches.length;
    const cited = sources.filter((source) => final.citations.includes(source.n));
    if (question.type === 'time') {
      const scores = speechScores(question, settings.excerpts, cited);
      report.time.n++;
      report.time.precision += scores.precision;
      report.time.recall += scores.recall;
      if (scores.precision < 1 || scores.recall < 1)
        report.time.imperfect.push({
          id: question.id,
          precision: round(scores.precision),
          recall: round(scores.recall),
          cited: scores.cited,
          gold: scores.gold,
        });
    }
    if (question.history && question.history.length > 0) {
      report.followUps.n++;
      const answered = isOutOfScope(question) ? final.abstained && cited.length === 0 : cited.some((source) => isGoldExcerpt(question, source));
      if (answered) report.followUps.citesGold++;
      else report.followUps.missed.push(question.id);
    }
    if (isOutOfScope(question)) {
      report.outOfScope++;
      if (final.abstained && final.citations.length === 0) report.abstainedOutOfScope++;
      continue;
    }
    report.inScope++;
    if (final.abstained) report.abstainedInScope++;
    if (cited.some((source) => isGoldExcerpt(question, source))) report.citesGold++;
    else report.missedGold.push(question.id);
  }
  if (report.time.n > 0) {
    report.time.precision = round(report.time.precision / report.time.n);
    report.time.recall = round(report.time.recall / report.time.n);
  }
  return report;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
