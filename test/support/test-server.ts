// Runs the real server on 127.0.0.1 for tests, in offline or LLM mode, with a real index in a temp dir.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import type { Analytics } from '../../src/analytics/analytics.ts';
import { ActiveStreams } from '../../src/server/active-streams.ts';
import { createApp } from '../../src/server/create-app.ts';
import { EngineState } from '../../src/server/engine-state.ts';
import { listen } from '../../src/server/listen.ts';
import { WIDGET_BUNDLE } from '../../src/paths.ts';
import { TokenBudget } from '../../src/server/token-budget.ts';
import { startServer } from '../../src/server/start-server.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { CORPUS_DIR, temporaryDirectory } from './temporary-index.ts';

export interface TestServer {
  baseURL: string;
  state: EngineState;
  streams: ActiveStreams;
  /** Recording is off in tests unless they ask for it with ANALYTICS=true (and a DATA_DIR in a temp dir, or DATABASE_URL). */
  analytics: Analytics | undefined;
  close(): Promise<void>;
}

let sharedIndex: Promise<{ index: SearchIndex; indexDir: string; remove: () => Promise<void> }> | undefined;

/** One offline index per test file, built in a temp dir. */
export function sharedTestIndex(): Promise<{ index: SearchIndex; indexDir: string; remove: () => Promise<void> }> {
  sharedIndex ??= (async () => {
    const directory = await temporaryDirectory();
    const { index } = await prepareIndex(loadConfig({ CORPUS_DIR, INDEX_DIR: directory.path }));
    return { index, indexDir: directory.path, remove: directory.remove };
  })();
  return sharedIndex;
}

/**
 * The server as `npm start` wires it (startServer), on a free port of 127.0.0.1, serving the shared
 * index. With `ready: false` it is the app alone, with no engine, as it answers while an index is built.
 */
export async function startTestServer(environment: Record<string, string> = {}, options: { ready?: boolean; logger?: Logger } = {}): Promise<TestServer> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const settings = {
    CORPUS_DIR,
    EMBEDDER: 'local',
    RATE_LIMIT_PER_MINUTE: '100000',
    LLM_MAX_RETRIES: '0',
    RETRIEVAL_THREAD: 'false',
    SHUTDOWN_GRACE_MS: '2000',
    HOST: '127.0.0.1',
    PORT: '0',
    ANALYTICS: 'false',
  };
  if (options.ready === false) return startAppWithoutEngine(loadConfig({ ...settings, ...environment }), logger);
  const config: Config = loadConfig({ ...settings, INDEX_DIR: (await sharedTestIndex()).indexDir, ...environment });
  const running = await startServer(config, { logger, print: () => undefined, environment: {} });
  await running.ready;
  return { baseURL: running.url, state: running.state, streams: running.streams, analytics: running.analytics, close: running.close };
}

async function startAppWithoutEngine(config: Config, logger: Logger): Promise<TestServer> {
  const state = new EngineState();
  const streams = new ActiveStreams();
  const app = createApp({
    state,
    widgetBundle: WIDGET_BUNDLE,
    streams,
    budget: new TokenBudget(config.server.dailyTokenBudget),
    logger,
    settings: { ...config.server, logQuestions: false },
  });
  // The server's own limits (timeouts, the connection cap) come with it, as in production.
  const server: Server = await listen(app, { ...config.server, port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    state,
    streams,
    analytics: undefined,
    close: () =>
      new Promise((resolve) => {
        streams.shutDown();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Reads a server-sent event stream with a real SSE parser. */
export async function readEventStream(response: Response): Promise<Array<{ event: string; data: any }>> {
  const { createParser } = await import('eventsource-parser');
  const events: Array<{ event: string; data: any }> = [];
  const parser = createParser({
    onEvent: (message) => events.push({ event: message.event ?? 'message', data: message.data === '[DONE]' ? '[DONE]' : JSON.parse(message.data) }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body!) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  return events;
}

/** A response's JSON body, typed loosely: tests assert its shape. */
export async function readJson(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}
