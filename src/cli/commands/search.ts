// `npm run search -- "query" [--k N] [--json]`: ranked excerpts with dates, occasions and matched text.
import type { Retriever } from '../../retrieval/retriever.ts';
import { searchReport } from '../../retrieval/search-report.ts';
import { formatRetrievedExcerpt } from '../format.ts';

export async function runSearch(retriever: Retriever, args: { query: string; k: number; json: boolean }, output: NodeJS.WritableStream): Promise<void> {
  const retrieval = await retriever.retrieve(args.query, { k: args.k });
  if (args.json) {
    output.write(`${JSON.stringify(searchReport(args.query, retrieval))}\n`);
    return;
  }
  if (retrieval.results.length === 0) {
    output.write('No excerpt matches this query.\n');
    return;
  }
  if (!retrieval.covered) output.write(`The excerpts do not seem to cover this (confidence ${retrieval.confidence}); nearest excerpts:\n`);
  output.write(`${retrieval.results.map((result, position) => formatRetrievedExcerpt(result, position + 1)).join('\n\n')}\n`);
}
