// `npm run ingest`: parse the corpus, build the index and save it atomically.
import type { Config } from '../../config/config.ts';
import type { BuildProgress } from '../../index/build-index.ts';
import { prepareIndex } from '../../setup/prepare-index.ts';
import { formatDuration } from '../format.ts';

export async function runIngest(config: Config, args: { force: boolean }, output: NodeJS.WritableStream): Promise<void> {
  const started = performance.now();
  let lastReport = 0;
  const onProgress = (progress: BuildProgress) => {
    const now = performance.now();
    if (progress.done === progress.total || now - lastReport > 500) {
      lastReport = now;
      output.write(`  ${progress.phase}: ${progress.done}/${progress.total}\n`);
    }
  };
  const { index, built } = await prepareIndex(config, {
    force: args.force,
    onProgress,
    onRebuild: (reason) => output.write(`Building the index: ${reason}.\n`),
  });
  const { counts } = index.manifest;
  output.write(
    `${built ? 'Built' : 'Up to date:'} ${counts.documents} document(s), ${counts.excerpts} excerpts, ${counts.chunks} chunks with ${index.manifest.embedder.id} ` +
      `(${index.manifest.embedder.dimensions} dimensions) in ${formatDuration(performance.now() - started)}, saved in ${config.indexDir}.\n`,
  );
}
