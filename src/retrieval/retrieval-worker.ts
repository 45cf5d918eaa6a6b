// The worker-thread side of ThreadedRetriever: loads the index on disk, warms it up, then answers
// retrieval requests, sending back excerpt ids rather than the excerpts (the main thread has them).
import { parentPort, workerData } from 'node:worker_threads';
import { readSearchIndex } from '../index/index-files.ts';
import { HybridRetriever } from './hybrid-retriever.ts';
import type { ChecksumsChecked, RetrievalRequest, RetrievalWorkerData, WorkerMessage } from './threaded-retriever.ts';

const port = parentPort!;
const { indexDir, ef, expectation, warmUpQuestions, checksumsFromMain } = workerData as RetrievalWorkerData;
const post = (message: WorkerMessage) => port.postMessage(message);
// The build whose checksums the main thread checked as it read the excerpt store; questions come only after ready.
const checkedByMain = checksumsFromMain
  ? new Promise<string>((resolve) => port.once('message', (message: ChecksumsChecked) => resolve(message.checksumsChecked)))
  : undefined;

try {
  const index = await readSearchIndex(indexDir, {
    ef,
    expectation,
    openEmbedder: () => {
      throw new Error('a retrieval thread serves only indexes with the local embedder');
    },
    ...(checkedByMain ? { checksumsCheckedElsewhere: async (manifest) => (await checkedByMain) === manifest.builtAt } : {}),
  });
  const retriever = new HybridRetriever(index);
  for (const question of warmUpQuestions) await retriever.retrieve(question);
  port.on('message', ({ id, question, k, filters, today }: RetrievalRequest) => {
    retriever.retrieve(question, { k, today, ...(filters ? { filters } : {}) }).then(
      ({ results, ...retrieval }) =>
        post({ id, retrieval: { ...retrieval, results: results.map(({ excerpt, ...result }) => ({ ...result, excerptId: excerpt.id })) } }),
      (error: unknown) => post({ id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  post({ ready: true, manifest: index.manifest });
} catch (error) {
  post({ failed: error instanceof Error ? error.message : String(error) });
}
