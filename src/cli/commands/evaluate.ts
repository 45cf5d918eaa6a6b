// `npm run eval -- [--gold FILE] [--json]`: retrieval metrics per language on a gold set.
import { evaluateRetrieval, type RetrievalReport } from '../../evaluation/evaluate-retrieval.ts';
import { readGoldSet } from '../../evaluation/gold-set.ts';
import { evaluateAnswers } from '../../evaluation/evaluate-answers.ts';
import type { Answerer } from '../../answer/types.ts';
import type { Retriever } from '../../retrieval/retriever.ts';

export async function runEvaluate(
  retriever: Retriever,
  answerer: Answerer | undefined,
  args: { gold: string; json: boolean; verbose: boolean },
  output: NodeJS.WritableStream,
): Promise<RetrievalReport> {
  const questions = await readGoldSet(args.gold);
  const report = await evaluateRetrieval(retriever, questions);
  const answers = answerer ? await evaluateAnswers(answerer, questions) : undefined;
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
  }
  if (args.json) {
    const { questions: _perQuestion, ...summary } = report;
    const answerSummary = answers
      ? { answers: { n: answers.n, citesGold: answers.citesGold, abstainedOutOfScope: answers.abstainedOutOfScope, abstainedInScope: answers.abstainedInScope, invalidMarkers: answers.invalidMarkers, unverifiedQuotes: answers.unverifiedQuotes } }
      : {};
    output.write(`${JSON.stringify({ ...summary, ...answerSummary })}\n`);
  }
  return report;
}
