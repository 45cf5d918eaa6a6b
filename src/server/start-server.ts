// Starts the HTTP server: listens at once (answering 503 until ready), builds or loads the index,
// then swaps the answer engine in. SIGTERM drains it.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { embedderIdFor } from '../embeddings/create-embedder.ts';
import { ExcerptStore } from '../index/excerpt-store.ts';
import { HybridRetriever } from '../retrieval/hybrid-retriever.ts';
import { ThreadedRetriever } from '../retrieval/threaded-retriever.ts';
import { createAnswerEngine } from '../setup/create-answerer.ts';
import { startAnalytics, type Analytics } from '../analytics/analytics.ts';
import { ADMIN_BUNDLE, ADMIN_STYLES, PROMPTS_DIR, WIDGET_BUNDLE } from '../paths.ts';
import { looksTraditional } from '../text/chinese-script.ts';
import { loadTokenizer } from '../answer/count-tokens.ts';
import { topicality } from '../text/general-word-frequency.ts';
import type { SearchIndex } from '../index/search-index.ts';
import { openExcerptStore, openSearchIndex, prepareIndex } from '../setup/prepare-index.ts';
import { IndexReloader } from './index-reloader.ts';
import { ActiveStreams } from './active-streams.ts';
import { createApp } from './create-app.ts';
import { listen } from './listen.ts';
import { EngineState } from './engine-state.ts';
import { connectSharedState } from './shared-state/shared-state.ts';
import { TokenBudget } from './token-budget.ts';

// Two questions load jieba's dictionary, the word-frequency table and the English dictionary before
// the server reports ready: loading blocks for a second or two, which must not happen during a visitor's question.
const WARM_UP_QUESTIONS = ['新质生产力', 'new quality productive forces'];
const REDIS_START_WAIT_MS = 1000;

export interface RunningServer {
  server: Server;
  url: string;
  state: EngineState;
  /** The answer streams open now; shutting them down ends each with a terminal event. */
  streams: ActiveStreams;
  /** Recording for the owner's dashboard; undefined with ANALYTICS=false. */
  analytics: Analytics | undefined;
  /** Resolves when the index is loaded and the engine is answering. */
  ready: Promise<void>;
  /** Picks up new index builds, and re-ingests in a child process on request. */
  reloader: IndexReloader;
  /** Stops accepting requests, ends open answer streams with a terminal event, and waits for the rest (at most the grace period). */
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  print?: (line: string) => void;
  /** The environment a re-ingest child process gets; the composition root passes its own. */
  environment?: NodeJS.ProcessEnv;
}

/** What the main thread loads of an index: all of it, or only its excerpt store when a retrieval thread searches. */
type Loaded = SearchIndex | ExcerptStore;

const storeOf = (loaded: Loaded): ExcerptStore => (loaded instanceof ExcerptStore ? loaded : ExcerptStore.of(loaded));

/**
 * Loads the tables answering needs on this thread, whoever retrieves; a second call costs nothing. Composing
 * an answer weighs words by how common they are, from a table parsed on first use (~370 ms, which the first
 * visitors' answers waited for, and every request with them); checking answers for Traditional Chinese loads
 * OpenCC's tables (about 20 ms).
 */
function warmUpAnswering(): void {
  looksTraditional(WARM_UP_QUESTIONS[0]!);
  topicality(WARM_UP_QUESTIONS[0]!);
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logging.level });
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const state = new EngineState();
  const streams = new ActiveStreams();
  const shared = connectSharedState(config.shared, logger);
  const budget = new TokenBudget(config.server.dailyTokenBudget, shared.budgetStore);
  // Opened and migrated before listening: a database that cannot be reached stops the start with its reason.
  const analytics = config.analytics.enabled
    ? await startAnalytics(config.analytics, (error) => logger.error({ err: error }, 'recording questions failed'))
    : undefined;
  const admin = config.admin.token ? { token: config.admin.token, assets: { script: ADMIN_BUNDLE, styles: ADMIN_STYLES } } : undefined;
  const app = createApp({
    state,
    widgetBundle: WIDGET_BUNDLE,
    streams,
    budget,
    logger,
    analytics,
    admin,
    shared,
    settings: { ...config.server, logQuestions: config.logging.logQuestions },
  });

  const server = await listen(app, config.server);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  print(`speechcite listening on ${url}`);

  const threadWanted = config.server.retrievalThread && config.embedder.kind === 'local';
  // With a retrieval thread this thread loads only the excerpt store: the thread holds the search indexes.
  const open = threadWanted ? openExcerptStore : openSearchIndex;
  const threadData = {
    indexDir: config.indexDir,
    ef: config.hnsw.ef,
    expectation: { embedderId: embedderIdFor(config.embedder), embedderDimensions: config.embedder.dimensions },
    warmUpQuestions: WARM_UP_QUESTIONS,
  };
  // Booted now, so that the thread's modules load while the corpus is checked; the first start takes it.
  let booted = threadWanted ? ThreadedRetriever.boot(threadData) : undefined;
  const releaseBooted = () => {
    void booted?.terminate();
    booted = undefined;
  };
  /** `checked`: the store is read from disk with every checksum checked (openExcerptStore), so the thread need not hash the files again. */
  const startThread = (loading: Loaded | Promise<Loaded>, checked: boolean) => {
    const worker = booted;
    booted = undefined;
    return ThreadedRetriever.start(Promise.resolve(loading).then(storeOf), {
      ...threadData,
      checksumsFromMain: checked,
      ...(worker ? { booted: worker } : {}),
      onFailure: (error) => logger.error({ err: error }, 'the retrieval thread failed; retrieving on the main thread'),
      // Loaded from disk only if the thread fails, so that this thread does not hold a second copy meanwhile.
      fallback: async () => new HybridRetriever(await openSearchIndex(config)),
    });
  };
  /** The engine for a loaded index or store; `thread` is a retrieval thread started while it loaded. */
  const engineFor = async (loaded: Loaded, thread?: Promise<ThreadedRetriever | undefined>) => {
    const starting = threadWanted ? (thread ?? startThread(loaded, false)) : undefined;
    // This thread's own tables load while the retrieval thread loads the index, rather than after it.
    if (starting) warmUpAnswering();
    const threaded = await starting;
    // Without a thread (not wanted, or it failed to start), retrieval needs the whole index here.
    const source = threaded ? { store: storeOf(loaded), retriever: threaded } : loaded instanceof ExcerptStore ? await openSearchIndex(config) : loaded;
    const engine = await createAnswerEngine(config, source, PROMPTS_DIR, { budget }).catch(async (error: unknown) => {
      await threaded?.close();
      throw error;
    });
    // Without a thread, the same questions load the dictionaries here.
    if (!threaded) for (const question of WARM_UP_QUESTIONS) await engine.retriever.retrieve(question);
    warmUpAnswering();
    // In LLM mode the tokenizer counts earlier turns and the tokens of providers that report none; built on
    // a first follow-up, it held up that answer and every other request for 1.4–1.9 s (measured by /healthz).
    if (engine.mode === 'llm') loadTokenizer();
    return engine;
  };
  const loadEngine = async () => {
    const loading = open(config);
    const [index, threaded] = await Promise.all([loading, threadWanted ? startThread(loading, true) : undefined]);
    return engineFor(index, Promise.resolve(threaded));
  };
  const reloader = new IndexReloader({
    indexDir: config.indexDir,
    state,
    logger,
    pollMs: config.server.indexPollMs,
    environment: options.environment ?? {},
    loadEngine,
  });

  const ready = (async () => {
    // An index on disk that is current is loaded here and in the retrieval thread side by side.
    let thread: Promise<ThreadedRetriever | undefined> | undefined;
    const onLoad = (loading: Promise<Loaded>) => {
      if (!threadWanted) return;
      thread = startThread(loading, true);
      // A failed load is reported by prepareIndex; the thread's copy of that failure needs no second report.
      thread.catch(() => undefined);
    };
    // Redis is waited for beside the index, briefly: a replica that cannot reach it answers on its own.
    const [{ index, built, skipped }] = await Promise.all([
      prepareIndex<Loaded>(config, { onRebuild: (reason) => print(`Building the index: ${reason}…`), onLoad, open }),
      shared.connected(REDIS_START_WAIT_MS),
    ]);
    // A file that does not parse never stops the site: the others are served, and the log says what was left out.
    for (const failure of skipped) logger.warn({ file: failure.file, reason: failure.message }, 'a corpus file did not parse and was left out');
    if (skipped.length > 0) print(`Left out ${skipped.length} corpus file(s) that did not parse (see the log, or run \`npm run ingest -- --check\`).`);
    // A thread started on a load that failed (a damaged index, rebuilt since) has nothing to serve.
    const engine = await engineFor(index, built ? undefined : thread);
    state.ready(engine);
    await reloader.start();
    const { counts, embedder } = index.manifest;
    print(
      `Mode: ${engine.mode === 'llm' ? `LLM (chat model ${engine.chatModel}, embeddings ${embedder.id})` : `offline (extractive answers, embeddings ${embedder.id})`}`,
    );
    print(`Index: ${built ? 'built' : 'loaded'} ${counts.documents} document(s), ${counts.excerpts} excerpts, ${counts.chunks} chunks. Chat at ${url}/`);
  })().catch((error: unknown) => {
    releaseBooted();
    state.failed();
    logger.error({ err: error }, 'the index could not be prepared');
    throw error;
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    reloader.stop();
    releaseBooted();
    closing ??= drain(server, streams, config.server.shutdownGraceMs, () =>
      Promise.allSettled([state.engine?.retriever.close(), analytics?.close(), shared.close()]).then(() => undefined),
    );
    return closing;
  };
  return { server, url, state, streams, analytics, ready, reloader, close };
}

/**
 * Drains the server within `graceMs`: /readyz turns 503 and the listener closes at once; every
 * response from then on closes its connection, and idle kept-alive connections are closed as they
 * become idle. Answers in progress run on until shortly before the deadline, when they are
 * cancelled and end with a shutting_down event; at the deadline whatever is left is cut.
 * Resolves when everything has closed, or at the deadline.
 */
export function drain(server: Server, streams: ActiveStreams, graceMs: number, release: () => Promise<void>): Promise<void> {
  const started = performance.now();
  const remaining = () => Math.max(0, graceMs - (performance.now() - started));
  streams.drain();
  return new Promise<void>((resolve) => {
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const timer of timers) clearTimeout(timer);
      resolve();
    };
    // A cancelled answer needs a moment to write its last event; the rest of the grace is theirs to finish in.
    timers.push(setTimeout(() => streams.shutDown(), Math.max(0, graceMs - Math.min(1000, graceMs / 4))));
    // A little before the deadline, so that the process has exited by it.
    timers.push(
      setTimeout(
        () => {
          server.closeAllConnections();
          finish();
        },
        Math.max(0, graceMs - Math.min(100, graceMs / 10)),
      ),
    );
    // Connections that were busy when the drain began become idle once their response ends.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    timers.push(idleSweep);
    for (const timer of timers) timer.unref();
    server.close(() => {
      const released = release().catch(() => undefined);
      const deadline = new Promise<void>((resolveDeadline) => setTimeout(resolveDeadline, remaining()).unref());
      void Promise.race([released, deadline]).then(finish);
    });
    server.closeIdleConnections();
  });
}
