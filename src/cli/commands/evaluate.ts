// `npm run eval -- [--split dev|test] [--gold FILE] [--json] [--verbose] [--answers]`: retrieval figures
// per language and per question type, abstention with its threshold sweep, and the plain-BM25 baseline.
import { AppError } from '../../errors.ts';
import { crossHalfCheck, fitEvidenceModel } from '../../evaluation/fit-evidence.ts';
import { BigramBm25Baseline } from '../../evaluation/bigram-bm25-baseline.ts';
import { evaluateBaseline, evaluateRetrieval, type RetrievalReport } from '../../evaluation/evaluate-retrieval.ts';
import { readGoldSet } from '../../evaluation/gold-set.ts';
import { evaluateAnswers } from '../../evaluation/evaluate-answers.ts';
import {
  abstentionScores,
  isHeadline,
  scoresBy,
  scoresOf,
  thresholdSweep,
  type GroupScores,
  type QuestionOutcome,
} from '../../evaluation/retrieval-breakdown.ts';
import type { Answerer } from '../../answer/types.ts';
import type { Excerpt } from '../../corpus/types.ts';
import type { Retriever } from '../../retrieval/retriever.ts';

export interface EvaluateArgs {
  /** The gold file to read. */
  gold: string;
  /** True for the held-out split: per-question failures are then never printed. */
  heldOut: boolean;
  json: boolean;
  verbose: boolean;
  /** The corpus's excerpts, for the baseline. */
  excerpts: readonly Excerpt[];
  /** Fit the coverage evidence model on these questions and print it (dev only). */
  fit?: boolean;
  /** ISO yyyy-mm-dd: what 去年 and "this year" mean in the questions; the system's date by default. */
  today?: string | undefined;
}

/** Thresholds the abstention sweep tries, on retrieval's evidence score (0–1). */
const SWEEP = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6];

export async function runEvaluate(
  retriever: Retriever,
  answerer: Answerer | undefined,
  args: EvaluateArgs,
  output: NodeJS.WritableStream,
): Promise<RetrievalReport> {
  const questions = await readGoldSet(args.gold);
  const report = await evaluateRetrieval(retriever, questions, args.today);
  const outcomes: QuestionOutcome[] = report.questions;
  const headline = outcomes.filter(isHeadline);
  const baseline = evaluateBaseline(new BigramBm25Baseline(args.excerpts), questions).filter(isHeadline);
  const answers = answerer ? await evaluateAnswers(answerer, questions, { excerpts: args.excerpts, today: args.today }) : undefined;

  const byLanguage = withPooledChinese(headline);
  const byType = scoresBy(outcomes, (outcome) => outcome.type);
  const abstention = abstentionScores(headline);
  // "Not answered as covered": said not covered, or shown with the caveat that the excerpts may not address it.
  const notAnswered = abstentionScores(headline, (outcome) => outcome.notCovered || outcome.partial);
  const sweep = thresholdSweep(headline, SWEEP);
  const baselineByLanguage = withPooledChinese(baseline);

  output.write(`Retrieval on ${args.gold} (${questions.length} questions; time and followup questions are reported by type only)\n`);
  writeTable(output, 'lang', byLanguage);
  writeTable(output, 'type', byType);
  output.write(
    `\nNot covered: precision ${abstention.precision.toFixed(3)}, recall ${abstention.recall.toFixed(3)} (${abstention.outOfScope} out of scope); in scope wrongly said not covered ${abstention.wronglyAbstained.toFixed(3)} of ${abstention.inScope}\n`,
  );
  output.write(
    `Not covered or partial: precision ${notAnswered.precision.toFixed(3)}, recall ${notAnswered.recall.toFixed(3)}; in scope given the caveat or said not covered ${notAnswered.wronglyAbstained.toFixed(3)}\n`,
  );
  output.write('not covered below threshold (evidence probability):\nthreshold  precision  recall  wrongly-abstained\n');
  for (const point of sweep)
    output.write(
      `${point.threshold.toFixed(2).padStart(9)}  ${point.precision.toFixed(3).padStart(9)}  ${point.recall.toFixed(3).padStart(6)}  ${point.wronglyAbstained.toFixed(3).padStart(17)}\n`,
    );
  output.write('\nBaseline: plain BM25 over character bigrams, same questions\n');
  writeTable(output, 'lang', baselineByLanguage);

  if (args.fit) {
    if (args.heldOut) throw new AppError('bad_request', 'the evidence model is fitted on dev only: run with --split dev');
    const headlineQuestions = report.questions.filter(isHeadline);
    const samples = headlineQuestions.flatMap((question) =>
      question.features ? [{ id: question.id, features: question.features, inScope: question.inScope }] : [],
    );
    const fitted = fitEvidenceModel(samples);
    output.write(`\nEvidence model fitted on ${samples.length} questions (put it in src/retrieval/retrieval-settings.ts): ${JSON.stringify(fitted)}\n`);
    const unscored = headlineQuestions.filter((question) => !question.features);
    for (const check of crossHalfCheck(samples, unscored, SWEEP))
      output.write(
        `Fitted on half ${check.fittedOn} alone, threshold ${check.threshold} (in-scope wrongly ≤ 0.05 there): on half ${1 - check.fittedOn}, not covered recall ${check.recall.toFixed(3)}, in scope wrongly ${check.wronglyAbstained.toFixed(3)}\n`,
      );
  }
  if (args.verbose) {
    if (args.heldOut) output.write('\n(--verbose lists failures on dev or a named gold file only: the test split is for reporting.)\n');
    else
      for (const question of report.questions) {
        const failed = question.inScope ? question.rank !== 1 || question.notCovered : !question.notCovered;
        if (failed)
          output.write(
            `  ${question.id} (${question.lang}, ${question.type}) rank ${question.rank ?? '-'} evidence ${question.evidence}${question.notCovered ? ' not-covered' : ''} top ${question.top.slice(0, 3).join(',')}\n`,
          );
      }
  }
  if (answers) {
    output.write(`\nAnswers (${answers.n}): ${answers.citesGold}/${answers.inScope} in-scope answers cite a gold excerpt; `);
    output.write(
      `abstained on ${answers.abstainedOutOfScope}/${answers.outOfScope} out-of-scope and ${answers.abstainedInScope}/${answers.inScope} in-scope questions; `,
    );
    output.write(
      `${answers.invalidMarkers} invalid markers, ${answers.unverifiedQuotes} unverified quotes, ${answers.dateMismatches} date mismatches, ${answers.errors} errors\n`,
    );
    if (args.verbose && !args.heldOut && answers.missedGold.length > 0) output.write(`  no gold citation: ${answers.missedGold.join(', ')}\n`);
    if (answers.time.n > 0) {
      output.write(
        `Time questions (${answers.time.n}): cited-speech precision ${answers.time.precision.toFixed(3)}, recall ${answers.time.recall.toFixed(3)} (speech = distinct date and occasion)\n`,
      );
      if (args.verbose && !args.heldOut)
        for (const miss of answers.time.imperfect)
          output.write(`  ${miss.id} precision ${miss.precision} recall ${miss.recall} cited [${miss.cited.join('; ')}] gold [${miss.gold.join('; ')}]\n`);
    }
    if (answers.followUps.n > 0) {
      output.write(`Follow-ups (${answers.followUps.n}): ${answers.followUps.citesGold}/${answers.followUps.n} second answers cite the second turn's gold\n`);
      if (args.verbose && !args.heldOut && answers.followUps.missed.length > 0) output.write(`  missed: ${answers.followUps.missed.join(', ')}\n`);
    }
  }
  if (args.json) {
    const answerSummary = answers
      ? {
          answers: {
            n: answers.n,
            inScope: answers.inScope,
            outOfScope: answers.outOfScope,
            citesGold: answers.citesGold,
            abstainedOutOfScope: answers.abstainedOutOfScope,
            abstainedInScope: answers.abstainedInScope,
            invalidMarkers: answers.invalidMarkers,
            unverifiedQuotes: answers.unverifiedQuotes,
            time: { n: answers.time.n, precision: answers.time.precision, recall: answers.time.recall },
            followUps: { n: answers.followUps.n, citesGold: answers.followUps.citesGold },
          },
        }
      : {};
    const summary = {
      gold: args.gold,
      byLang: report.byLang,
      outOfScope: report.outOfScope,
      inScopeFlagged: report.inScopeFlagged,
      byLanguage,
      byType,
      abstention,
      notAnswered,
      sweep,
      baseline: baselineByLanguage,
    };
    output.write(`${JSON.stringify({ ...summary, ...answerSummary })}\n`);
  }
  return report;
}

/** Per language, then Simplified and Traditional Chinese pooled, then all. */
function withPooledChinese(outcomes: readonly QuestionOutcome[]): GroupScores[] {
  return [
    ...scoresBy(outcomes, (outcome) => outcome.lang),
    scoresOf(
      'zh+Hant',
      outcomes.filter((outcome) => outcome.lang !== 'en'),
    ),
    scoresOf('all', outcomes),
  ];
}

function writeTable(output: NodeJS.WritableStream, heading: string, rows: readonly GroupScores[]): void {
  output.write(`\n${heading.padEnd(11)}    n  in-scope  Recall@1  Recall@3    MRR  not-covered  partial\n`);
  for (const row of rows) {
    output.write(
      `${row.group.padEnd(11)} ${String(row.n).padStart(4)}  ${String(row.inScope).padStart(8)}  ${row.recall1.toFixed(3).padStart(8)}  ${row.recall3.toFixed(3).padStart(8)}  ${row.mrr.toFixed(3).padStart(5)}  ${String(row.notCovered).padStart(11)}  ${String(row.partial).padStart(7)}\n`,
    );
  }
}
