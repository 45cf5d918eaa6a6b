// `npm run eval -- [--gold FILE] [--json]`: retrieval metrics per language on a gold set.
import { evaluateRetrieval, type RetrievalReport } from '../../evaluation/evaluate-retrieval.ts';
import { readGoldSet } from '../../evaluation/gold-set.ts';
import { evaluateAnswers } from '../../evaluation/evaluate-answers.ts';
import type { Answerer } from '../../answer/types.ts';
import type { Retriever } from '../../retrieval/retriever.ts';
import type { Excerpt } from '../../corpus/types.ts';

export async function runEvaluate(
  retriever: Retriever,
  answerer: Answerer | undefined,
  args: { gold: string; json: boolean; verbose: boolean; today?: string | undefined; excerpts?: readonly Excerpt[] },
  output: NodeJS.WritableStream,
): Promise<RetrievalReport> {
  const questions = await readGoldSet(args.gold);
  const report = await evaluateRetrieval(retriever, questions, args.today);
  const answers = answerer ? await evaluateAnswers(answerer, questions, { excerpts: args.excerpts ?? [], today: args.today }) : undefined;
  output.write(`Retrieval on ${args.gold} (${questions.length} questions)\n`);
  output.write('lang      n   Recall@1  Recall@3  MRR\n');
  for (const [lang, scores] of Object.entries(report.byLang)) {
    output.write(`${lang.padEnd(8)} ${String(scores.n).padStart(3)}   ${scores.recall1.toFixed(3)}     ${scores.recall3.toFixed(3)}     ${scores.mrr.toFixed(3)}\n`);
  }
  output.write(`out of scope flagged as not covered: ${report.outOfScope.flagged}/${report.outOfScope.n}\n`);
  output.write(`in-scope questions wrongly flagged: ${report.inScopeFlagged}\n`);
  if (args.verbose) {
    for (const question of report.questions) {
      if (question.rank !== 1) output.write(`  ${question.id} (${question.lang}) rank ${question.rank ?? '-'} confidence ${question.confidence} top ${question.top.slice(0, 3).join(',')}\n`);
    }
  }
  if (answers) {
    output.write(`Answers (${answers.n}): ${answers.citesGold}/${answers.inScope} in-scope answers cite a gold excerpt; `);
    output.write(`abstained on ${answers.abstainedOutOfScope}/${answers.outOfScope} out-of-scope and ${answers.abstainedInScope}/${answers.inScope} in-scope questions; `);
    output.write(`${answers.invalidMarkers} invalid markers, ${answers.unverifiedQuotes} unverified quotes, ${answers.dateMismatches} date mismatches, ${answers.errors} errors\n`);
    if (args.verbose && answers.missedGold.length > 0) output.write(`  no gold citation: ${answers.missedGold.join(', ')}\n`);
    if (answers.time.n > 0) {
      output.write(`Time questions (${answers.time.n}): cited-speech precision ${answers.time.precision.toFixed(3)}, recall ${answers.time.recall.toFixed(3)} (speech = distinct date and occasion)\n`);
      if (args.verbose) for (const miss of answers.time.imperfect) output.write(`  ${miss.id} precision ${miss.precision} recall ${miss.recall} cited [${miss.cited.join('; ')}] gold [${miss.gold.join('; ')}]\n`);
    }
    if (answers.followUps.n > 0) {
      output.write(`Follow-ups (${answers.followUps.n}): ${answers.followUps.citesGold}/${answers.followUps.n} second answers cite the second turn's gold\n`);
      if (args.verbose && answers.followUps.missed.length > 0) output.write(`  missed: ${answers.followUps.missed.join(', ')}\n`);
    }
  }
  if (args.json) {
    const { questions: _perQuestion, ...summary } = report;
    const answerSummary = answers
      ? { answers: { n: answers.n, citesGold: answers.citesGold, abstainedOutOfScope: answers.abstainedOutOfScope, abstainedInScope: answers.abstainedInScope, invalidMarkers: answers.invalidMarkers, unverifiedQuotes: answers.unverifiedQuotes, time: { n: answers.time.n, precision: answers.time.precision, recall: answers.time.recall }, followUps: { n: answers.followUps.n, citesGold: answers.followUps.citesGold } } }
      : {};
    output.write(`${JSON.stringify({ ...summary, ...answerSummary })}\n`);
  }
  return report;
}
