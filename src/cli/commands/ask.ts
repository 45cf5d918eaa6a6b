// `npm run ask -- "问题"`: streams the answer, then the numbered sources and what verification found.
import { collectAnswer } from '../../answer/collect-answer.ts';
import type { Answerer } from '../../answer/types.ts';
import { formatDate } from '../../dates/format-date.ts';

export async function runAsk(answerer: Answerer, args: { question: string; json: boolean }, output: NodeJS.WritableStream): Promise<number> {
  const collected = await collectAnswer(answerer, [{ role: 'user', content: args.question }], {}, (event) => {
    if (!args.json && event.type === 'text-delta') output.write(event.delta);
  });
  const { final, error, sources } = collected;
  if (args.json) {
    output.write(
      `${JSON.stringify({
        answer: final?.text ?? null,
        abstained: final?.abstained ?? null,
        coverage: final?.coverage ?? null,
        sources: sources.map((source) => ({
          n: source.n,
          id: source.id,
          section: source.section,
          ...(source.byline === undefined ? {} : { byline: source.byline }),
          date: source.date,
          occasion: source.occasion,
        })),
        citations: final?.citations ?? [],
        verification: final
          ? {
              invalidMarkers: final.verification.invalidMarkers,
              unverifiedQuotes: final.verification.unverifiedQuotes.length,
              dateMismatches: final.verification.dateMismatches.length,
            }
          : null,
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
      })}\n`,
    );
    return error ? 1 : 0;
  }
  if (error) {
    output.write(`\nError: ${error.message}\n`);
    return 1;
  }
  output.write('\n\nRetrieved sources:\n');
  for (const source of sources)
    output.write(
      `  [${source.n}] ${source.id}  ${source.byline ? `${source.byline}  ` : ''}${formatDate(source.date, 'zh')}  ${source.occasion}${final?.citations.includes(source.n) ? '  (cited)' : ''}\n`,
    );
  if (final) {
    const { invalidMarkers, unverifiedQuotes, dateMismatches } = final.verification;
    output.write(
      `Verification: ${invalidMarkers} invalid marker(s) removed, ${unverifiedQuotes.length} unverified quote(s), ${dateMismatches.length} date mismatch(es)${final.abstained ? '; the excerpts do not cover this question' : ''}.\n`,
    );
  }
  return 0;
}
