// Retrieval in a worker thread, as a decorator over a fallback `Retriever`. Under HTTP load,
// retrieval interleaved with request handling on one thread cost about twice the CPU time it takes
// alone (129 against 67 µs a question), and the two queued behind each other; on its own thread
// retrieval runs beside the HTTP work, and the event loop stays free while a large index is searched.
// The main thread keeps the excerpt store, for answers, sources and pages, and hands questions to the
// fallback if the thread fails. A question already sent is not cancelled by its signal: it takes
// milliseconds at most.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { IndexExpectation, IndexManifest } from '../index/manifest.ts';
import { ownModule, RUNNING_SOURCE } from '../paths.ts';
import type { Retrieval, RetrievalFilters, RetrievalOptions, RetrievedExcerpt, Retriever } from './retriever.ts';

export interface RetrievalWorkerData {
  indexDir: string;
  ef: number;
  expectation: Pick<IndexExpectation, 'embedderId' | 'embedderDimensions'>;
  /** Asked once before the thread reports ready, so that loading dictionaries never delays a visitor. */
  warmUpQuestions: readonly string[];
}

/**
 * What the main thread tells a thread before it is ready: to load the index (a thread is booted ahead, so that
 * its modules load while the server checks the corpus), and, when the main thread's store is read with every
 * file's checksum checked, which build (builtAt) it checked, so that the thread does not hash the same 400 MB again.
 */
export type ThreadCommand = { load: { checksumsFromMain: boolean } } | { checksumsChecked: string };
export interface RetrievalRequest {
  id: number;
  question: string;
  k: number | undefined;
  filters: RetrievalFilters | undefined;
  today: string | undefined;
}

type TransferredRetrieval = Omit<Retrieval, 'results'> & { results: Array<Omit<RetrievedExcerpt, 'excerpt'> & { excerptId: string }> };

export type WorkerMessage =
  | { ready: true; manifest: IndexManifest }
  | { failed: string }
  | { id: number; retrieval: TransferredRetrieval }
  | { id: number; error: string };

export interface ThreadSettings extends RetrievalWorkerData {
  /** True when the store given to start is read with every file's checksum checked (readExcerptStore). */
  checksumsFromMain?: boolean;
  /** A thread booted ahead with the same settings (ThreadedRetriever.boot); a new one is started otherwise. */
  booted?: Worker;
  /** Told when the thread fails; retrieval then continues with the fallback. */
  onFailure: (error: Error) => void;
  /** What answers once the thread has failed or closed: asked for on first need, then kept. */
  fallback: () => Retriever | Promise<Retriever>;
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

export class ThreadedRetriever implements Retriever {
  private readonly pending = new Map<
    number,
    { question: string; options: RetrievalOptions; resolve: (retrieval: Retrieval) => void; reject: (error: unknown) => void }
  >();
  private nextId = 0;
  private failed = false;
  private closing: Promise<void> | undefined;
  private drained: (() => void) | undefined;
  private fallbackRetriever: Promise<Retriever> | undefined;

  private constructor(
    private readonly store: ExcerptStore,
    private readonly worker: Worker,
    private readonly onFailure: (error: Error) => void,
    private readonly fallback: () => Retriever | Promise<Retriever>,
  ) {
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.closing) this.fail(new Error(`the retrieval thread exited with code ${code}`));
    });
  }

  /**
   * Starts a thread on the index on disk, resolving once it is ready; undefined when the index on
   * disk is no longer the build of the store given (a newer build was published meanwhile) or the
   * thread fails. Given the main thread's store while it is still loading, the two loads run side by side.
   */
  static async start(loading: ExcerptStore | Promise<ExcerptStore>, settings: ThreadSettings): Promise<ThreadedRetriever | undefined> {
    const { onFailure, fallback, checksumsFromMain = false, booted, ...workerData } = settings;
    const worker = booted ?? ThreadedRetriever.boot(workerData);
    const firstMessage = new Promise<WorkerMessage | Error>((resolve) => {
      const onExit = (code: number) => resolve(new Error(`the retrieval thread exited with code ${code} while starting`));
      const settle = (outcome: WorkerMessage | Error) => {
        worker.off('message', settle).off('error', settle).off('exit', onExit);
        resolve(outcome);
      };
      worker.on('message', settle).on('error', settle).on('exit', onExit);
    });
    worker.postMessage({ load: { checksumsFromMain } } satisfies ThreadCommand);
    let store: ExcerptStore;
    try {
      store = await loading;
      if (checksumsFromMain) worker.postMessage({ checksumsChecked: store.manifest.builtAt } satisfies ThreadCommand);
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    const first = await firstMessage;
    // A build is known by when it was made; the thread read the index's `current` link, which may have moved on.
    const sameIndex = !(first instanceof Error) && 'ready' in first && first.manifest.builtAt === store.manifest.builtAt;
    if (!sameIndex) {
      await worker.terminate();
      if (first instanceof Error || 'failed' in first) onFailure(first instanceof Error ? first : new Error(first.failed));
      return undefined;
    }
    return new ThreadedRetriever(store, worker, onFailure, fallback);
  }

  /** Starts a thread that loads its modules and then waits to be told to load the index (start). */
  static boot(workerData: RetrievalWorkerData): Worker {
    const worker = startWorker(workerData);
    // An idle thread does not keep the process alive; one answering a question does (see retrieve).
    worker.unref();
    return worker;
  }

  async retrieve(question: string, options: RetrievalOptions = {}): Promise<Retrieval> {
    if (this.failed || this.closing) return this.retrieveWithFallback(question, options);
    options.signal?.throwIfAborted();
    const id = this.nextId++;
    const request: RetrievalRequest = { id, question, k: options.k, filters: options.filters, today: options.today };
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<Retrieval>((resolve, reject) => {
      this.pending.set(id, { question, options, resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Waits for the questions in flight, then ends the thread; later questions go to the fallback. */
  close(): Promise<void> {
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
      return { ...retrieval, results: results.map(({ excerptId, ...result }) => ({ ...result, excerpt: this.excerptOf(excerptId) })) };
    });
  }

  private excerptOf(id: string) {
    const excerpt = this.store.excerpt(id);
    // The thread reads the same build as the store (start checks it), so this is a bug, not bad input.
    if (!excerpt) throw new Error(`the retrieval thread returned excerpt ${id}, which the excerpt store lacks`);
    return excerpt;
  }

  /** Asks the fallback, made on first need; a fallback that could not be made is tried again next time. */
  private async retrieveWithFallback(question: string, options: RetrievalOptions): Promise<Retrieval> {
    if (!this.fallbackRetriever) {
      const making = Promise.resolve().then(this.fallback);
      this.fallbackRetriever = making;
      making.catch(() => {
        if (this.fallbackRetriever === making) this.fallbackRetriever = undefined;
      });
    }
    return (await this.fallbackRetriever).retrieve(question, options);
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
    // Questions in flight are asked again of the fallback rather than lost.
    for (const [id, { question, options }] of this.pending) this.settle(id, () => this.retrieveWithFallback(question, options));
  }
}
