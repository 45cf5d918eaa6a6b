// `npm run eval -- [--gold FILE] [--json]`: retrieval metrics per language on a gold set.
import { evaluateRetrieval, type RetrievalReport } from '../../evaluation/evaluate-retrieval.ts';
import { readGoldSet } from '../../evaluation/gold-set.ts';
import type { HybridRetriever } from '../../retrieval/retriever.ts';

export async function runEvaluate(retriever: HybridRetriever, args: { gold: string; json: boolean; verbose: boolean }, output: NodeJS.WritableStream): Promise<RetrievalReport> {
  const questions = await readGoldSet(args.gold);
  const report = await evaluateRetrieval(retriever, questions);
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
  if (args.json) {
    const { questions: _perQuestion, ...summary } = report;
    output.write(`${JSON.stringify(summary)}\n`);
  }
  return report;
}
