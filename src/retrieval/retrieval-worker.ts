// The worker-thread side of ThreadedRetriever: once told to, loads the index on disk, warms it up, then answers
// retrieval requests, sending back excerpt ids rather than the excerpts (the main thread has them).
import { parentPort, workerData } from 'node:worker_threads';
import { readSearchIndex } from '../index/index-files.ts';
import { HybridRetriever } from './hybrid-retriever.ts';
import type { RetrievalRequest, RetrievalWorkerData, ThreadCommand, WorkerMessage } from './threaded-retriever.ts';

const port = parentPort!;
const { indexDir, ef, expectation, warmUpQuestions } = workerData as RetrievalWorkerData;
const post = (message: WorkerMessage) => port.postMessage(message);
// Before ready the main thread sends commands only (questions come after): when to load, and which build's checksums it checked.
let receiveLoad: (load: { checksumsFromMain: boolean }) => void = () => undefined;
let receiveChecked: (builtAt: string) => void = () => undefined;
const loadCommand = new Promise<{ checksumsFromMain: boolean }>((resolve) => (receiveLoad = resolve));
const checkedByMain = new Promise<string>((resolve) => (receiveChecked = resolve));
const beforeReady = (command: ThreadCommand) => ('load' in command ? receiveLoad(command.load) : receiveChecked(command.checksumsChecked));
port.on('message', beforeReady);

try {
  const { checksumsFromMain } = await loadCommand;
  const index = await readSearchIndex(indexDir, {
    ef,
    expectation,
    openEmbedder: () => {
      throw new Error('a retrieval thread serves only indexes with the local embedder');
    },
    ...(checksumsFromMain ? { checksumsCheckedElsewhere: async (manifest) => (await checkedByMain) === manifest.builtAt } : {}),
  });
  const retriever = new HybridRetriever(index);
  for (const question of warmUpQuestions) await retriever.retrieve(question);
  port.off('message', beforeReady);
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
