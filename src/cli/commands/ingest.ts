// `npm run ingest`: parse the corpus, build the index and save it atomically. Files that do not parse
// are reported and left out (the rest are published) and the command then exits non-zero; --strict
// publishes nothing when any file fails; --check only parses and reports.
import type { Config } from '../../config/config.ts';
import { type CorpusFailure, parseCorpusFiles, readCorpusFiles } from '../../corpus/load-corpus.ts';
import { ACCEPTED_LAYOUTS, withoutLayouts } from '../../corpus/layouts.ts';
import type { BuildProgress } from '../../index/build-index.ts';
import { prepareIndex } from '../../setup/prepare-index.ts';
import { formatDuration } from '../format.ts';

export interface IngestArguments {
  force: boolean;
  strict: boolean;
}

/** Builds the index; resolves with the exit code: 0, or 1 when files were left out. */
export async function runIngest(config: Config, args: IngestArguments, output: NodeJS.WritableStream): Promise<number> {
  const started = performance.now();
  let lastReport = 0;
  const onProgress = (progress: BuildProgress) => {
    const now = performance.now();
    if (progress.done === progress.total || now - lastReport > 500) {
      lastReport = now;
      output.write(`  ${progress.phase}: ${progress.done}/${progress.total}\n`);
    }
  };
  const { index, built, skipped } = await prepareIndex(config, {
    force: args.force,
    strict: args.strict,
    onProgress,
    onRebuild: (reason) => output.write(`Building the index: ${reason}.\n`),
  });
  const { counts } = index.manifest;
  output.write(
    `${built ? 'Built' : 'Up to date:'} ${counts.documents} document(s), ${counts.excerpts} excerpts, ${counts.chunks} chunks with ${index.manifest.embedder.id} ` +
      `(${index.manifest.embedder.dimensions} dimensions) in ${formatDuration(performance.now() - started)}, saved in ${config.indexDir}.\n`,
  );
  if (skipped.length === 0) return 0;
  output.write(reportFailures(skipped, `${skipped.length === 1 ? 'was' : 'were'} left out of the index (the other ${counts.documents} were published)`));
  return 1;
}

/** `ingest --check`: parses every corpus file without building; resolves with 0 when all parse, else 1. */
export async function runCheck(config: Config, output: NodeJS.WritableStream): Promise<number> {
  const files = await readCorpusFiles(config.corpusDir);
  const { documents, failures } = await parseCorpusFiles(files);
  const excerpts = documents.reduce((total, document) => total + document.excerpts.length, 0);
  output.write(`Checked ${files.length} file(s) in ${config.corpusDir}: ${documents.length} parse, with ${excerpts} excerpts; nothing was built.\n`);
  if (failures.length === 0) return 0;
  output.write(reportFailures(failures, 'would be left out of the index'));
  return 1;
}

function reportFailures(failures: readonly CorpusFailure[], outcome: string): string {
  const lines = failures.map((failure) => `  ${withoutLayouts(failure.message)}\n`).join('');
  return `${failures.length} file(s) did not parse and ${outcome}:\n${lines}${ACCEPTED_LAYOUTS}\n`;
}
