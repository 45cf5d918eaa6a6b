// Retrieval in a worker thread. Under HTTP load, retrieval interleaved with request handling on one
// thread cost about twice the CPU time it takes alone (129 against 67 µs a question), and the two
// queued behind each other; on its own thread retrieval runs beside the HTTP work, and the event
// loop stays free while a large index is searched. The main thread keeps its own copy of the index,
// for answers, sources and pages, and takes retrieval back if the thread fails. A question already
// sent is not cancelled by its signal: it takes milliseconds at most.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { IndexExpectation, IndexManifest } from '../index/manifest.ts';
import type { SearchIndex } from '../index/search-index.ts';
import { ownModule, RUNNING_SOURCE } from '../paths.ts';
import { HybridRetriever, type Retrieval, type RetrievalFilters, type RetrievalOptions, type RetrievedExcerpt } from './retriever.ts';

export interface RetrievalWorkerData {
  indexDir: string;
  ef: number;
  expectation: Pick<IndexExpectation, 'embedderId' | 'embedderDimensions'>;
  /** Asked once before the thread reports ready, so that loading dictionaries never delays a visitor. */
  warmUpQuestions: readonly string[];
}

export interface RetrievalRequest {
  id: number;
  question: string;
  k: number | undefined;
  filters: RetrievalFilters | undefined;
}

type TransferredRetrieval = Omit<Retrieval, 'results'> & { results: Array<Omit<RetrievedExcerpt, 'excerpt'> & { excerptId: string }> };

export type WorkerMessage = { ready: true; manifest: IndexManifest } | { failed: string } | { id: number; retrieval: TransferredRetrieval } | { id: number; error: string };

export interface ThreadSettings extends RetrievalWorkerData {
  /** Told when the thread fails; retrieval then continues on the main thread. */
  onFailure: (error: Error) => void;
}

const WORKER_ENTRY = ownModule('retrieval/retrieval-worker');

/**
 * The thread for the worker module: compiled JavaScript loads directly; TypeScript source (tests, tsx)
 * goes through tsx's API, which works whatever loaded this module (vite-node under vitest), from an
 * absolute path, whatever the working folder. tsx is a dev dependency, looked up only then.
 */
function startWorker(workerData: RetrievalWorkerData): Worker {
  if (!RUNNING_SOURCE) return new Worker(WORKER_ENTRY, { workerData });
  const tsxApi = pathToFileURL(tsxEsmApiPath()).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(WORKER_ENTRY.href)}, ${JSON.stringify(WORKER_ENTRY.href)}))`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** The ES module of tsx's API, as tsx's exports map names it (require() would give the CommonJS one, which an import cannot use). */
function tsxEsmApiPath(): string {
  const manifestPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return path.join(path.dirname(manifestPath), manifest.exports['./esm/api']!.import.default);
}

export class ThreadedRetriever extends HybridRetriever {
  private readonly pending = new Map<number, { question: string; options: RetrievalOptions; resolve: (retrieval: Retrieval) => void; reject: (error: unknown) => void }>();
  private nextId = 0;
  private failed = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  private constructor(
    index: SearchIndex,
    private readonly worker: Worker,
    private readonly onFailure: (error: Error) => void,
  ) {
    super(index);
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the retrieval thread exited with code ${code}`));
    });
  }

  /**
   * Starts a thread on the index on disk, resolving once it is ready; undefined when the index on
   * disk is no longer the one given (a newer build was published meanwhile) or the thread fails.
   * Given the main thread's index while it is still loading, the two loads run side by side.
   */
  static async start(loading: SearchIndex | Promise<SearchIndex>, settings: ThreadSettings): Promise<ThreadedRetriever | undefined> {
    const { onFailure, ...workerData } = settings;
    const worker = startWorker(workerData);
    // An idle thread does not keep the process alive; one answering a question does (see retrieve).
    worker.unref();
    const firstMessage = new Promise<WorkerMessage | Error>((resolve) => {
      const onExit = (code: number) => resolve(new Error(`the retrieval thread exited with code ${code} while starting`));
      const settle = (outcome: WorkerMessage | Error) => {
        worker.off('message', settle).off('error', settle).off('exit', onExit);
        resolve(outcome);
      };
      worker.on('message', settle).on('error', settle).on('exit', onExit);
    });
    let index: SearchIndex;
    try {
      index = await loading;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    const first = await firstMessage;
    // A build is known by when it was made; the thread read the index's `current` link, which may have moved on.
    const sameIndex = !(first instanceof Error) && 'ready' in first && first.manifest.builtAt === index.manifest.builtAt;
    if (!sameIndex) {
      await worker.terminate();
      if (first instanceof Error || 'failed' in first) onFailure(first instanceof Error ? first : new Error(first.failed));
      return undefined;
    }
    return new ThreadedRetriever(index, worker, onFailure);
  }

  override async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    if (this.failed || this.closing) return super.retrieve(question, options);
    options.signal?.throwIfAborted();
    const id = this.nextId++;
    const request: RetrievalRequest = { id, question, k: options.k, filters: options.filters };
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<Retrieval>((resolve, reject) => {
      this.pending.set(id, { question, options, resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Waits for the questions in flight, then ends the thread; later questions are answered on the main thread. */
  override close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private receive(message: WorkerMessage): void {
    if (!('id' in message)) return;
    this.settle(message.id, () => {
      if ('error' in message) throw new Error(message.error);
      const { results, ...retrieval } = message.retrieval;
      return { ...retrieval, results: results.map(({ excerptId, ...result }) => ({ ...result, excerpt: this.searchIndex.excerptById.get(excerptId)! })) };
    });
  }

  /** Answers question `id`, unless it has been answered already (a fallback after the thread failed). */
  private settle(id: number, outcome: () => Retrieval | Promise<Retrieval>): void {
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    Promise.resolve()
      .then(outcome)
      .then(waiting.resolve, waiting.reject)
      .finally(() => {
        if (this.pending.size > 0) return;
        this.worker.unref();
        this.drained?.();
      });
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.onFailure(error);
    // Questions in flight are asked again on the main thread rather than lost.
    for (const [id, { question, options }] of this.pending) this.settle(id, () => super.retrieve(question, options));
  }
}
