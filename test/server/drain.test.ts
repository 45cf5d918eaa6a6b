import http from 'node:http';
import type { ServerResponse } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server/start-server.ts';
import { chatChunk, chatCompletionResponse, startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { postJson, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';
import { CORPUS_DIR } from '../support/temporary-index.ts';

const QUESTION = '新质生产力的显著特点是什么？';
const ANSWER = '新质生产力的显著特点是创新[1]。';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A model that streams answers that mention "slow" to the end over ~400 ms, and never finishes any other. */
async function slowModel(): Promise<FakeOpenAIServer> {
  const fake = await startFakeOpenAIServer((request, response: ServerResponse) => {
    if (!request.body?.stream) return chatCompletionResponse(response, ANSWER);
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(chatChunk({ role: 'assistant', content: '' }));
    const finishes = JSON.stringify(request.body).includes('slow');
    const pieces = ANSWER.match(/[\s\S]{1,4}/gu)!;
    let next = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return clearInterval(timer);
      if (!finishes) return response.write(chatChunk({ content: '…' }));
      response.write(chatChunk({ content: pieces[next++]! }));
      if (next === pieces.length) {
        clearInterval(timer);
        response.write(chatChunk({}, 'stop'));
        // Usage reported, as OpenAI does: otherwise the server counts tokens itself, and building its
        // tokenizer the first time takes about a second of CPU, longer than the grace on a busy machine.
        response.write(`data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105 } })}\n\n`);
        response.end('data: [DONE]\n\n');
      }
    }, 80);
  });
  cleanups.push(fake.close);
  return fake;
}

async function running(environment: Record<string, string>): Promise<RunningServer> {
  // The index built once for the server tests: building one here would spend this test's time limit on a busy machine.
  const config = loadConfig({
    CORPUS_DIR,
    INDEX_DIR: (await sharedTestIndex()).indexDir,
    EMBEDDER: 'local',
    PORT: '0',
    LLM_MAX_RETRIES: '0',
    RETRIEVAL_THREAD: 'false',
    ANALYTICS: 'false',
    ...environment,
  });
  const server = await startServer(config, { logger: pino({ level: 'silent' }), print: () => undefined });
  cleanups.push(() => server.close());
  await server.ready;
  return server;
}

/** A request over a given agent, resolving with its status, headers and body, and whether its socket was closed after it. */
function request(url: string, agent: http.Agent, options: { method?: string; body?: unknown } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; socketClosed: Promise<void> }>((resolve, reject) => {
    const outgoing = http.request(
      url,
      { agent, method: options.method ?? 'GET', headers: options.body ? { 'content-type': 'application/json' } : {} },
      (response) => {
        let body = '';
        const socketClosed = new Promise<void>((resolveClosed) => response.socket.once('close', () => resolveClosed()));
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.once('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, socketClosed }));
        // A response cut off before its end fails the test at once, instead of leaving it to time out.
        response.once('aborted', () => reject(new Error(`the response was cut off after: ${body.slice(-200)}`)));
      },
    );
    outgoing.once('error', reject);
    outgoing.end(options.body ? JSON.stringify(options.body) : undefined);
  });
}

const terminalEvents = (body: string) => [...body.matchAll(/^event: (final|error)$/gmu)].map((match) => match[1]);

describe('the drain on SIGTERM', () => {
  it('lets answers in progress finish, ends the rest with exactly one terminal event, closes reused sockets, and is over within the grace', async () => {
    const fake = await slowModel();
    const grace = 1500;
    const server = await running({ OPENAI_BASE_URL: fake.baseURL, SHUTDOWN_GRACE_MS: String(grace) });
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(async () => keepAlive.destroy());
    const chat = (content: string) => ({ messages: [{ role: 'user', content }] });

    // The kept-alive socket has served one request before the drain and carries an answer when it begins.
    expect((await request(`${server.url}/healthz`, keepAlive)).headers.connection).toBe('keep-alive');
    const finishing = request(`${server.url}/api/chat`, keepAlive, { method: 'POST', body: chat(`${QUESTION} slow`) });
    const hanging = request(`${server.url}/api/chat`, new http.Agent(), { method: 'POST', body: chat(QUESTION) });
    const hangingOpenAI = request(`${server.url}/v1/chat/completions`, new http.Agent(), { method: 'POST', body: { ...chat(QUESTION), stream: true } });
    await expect.poll(() => fake.requests.length).toBe(3);

    const started = performance.now();
    const closed = server.close().then(() => performance.now() - started);
    // The listener is closed at once: a new connection is refused.
    await expect(request(`${server.url}/readyz`, new http.Agent())).rejects.toThrow(/ECONNREFUSED/u);

    const finished = await finishing;
    expect(terminalEvents(finished.body)).toEqual(['final']);
    // Its socket is not reused: closed once the answer was written, so the next request needs a new connection, which is refused.
    await finished.socketClosed;
    await expect(request(`${server.url}/healthz`, keepAlive)).rejects.toThrow(/ECONNREFUSED/u);

    const cut = await hanging;
    expect(terminalEvents(cut.body)).toEqual(['error']);
    expect(cut.body).toContain('"code":"shutting_down"');
    const cutOpenAI = (await hangingOpenAI).body.trim().split('\n\n');
    expect(cutOpenAI.at(-1)).toBe('data: [DONE]');
    expect(cutOpenAI.at(-2)).toContain('"type":"shutting_down"');

    const drainMs = await closed;
    expect(drainMs).toBeLessThanOrEqual(grace);
  }, 60_000);
});

describe('while draining', () => {
  let server: TestServer;
  afterEach(async () => server.close());

  it('answers /readyz 503, closes the connection after every response, and refuses new answers with a 503 to retry', async () => {
    server = await startTestServer();
    server.streams.drain();
    const ready = await fetch(`${server.baseURL}/readyz`);
    expect(ready.status).toBe(503);
    expect(await readJson(ready)).toEqual({ ready: false, status: 'draining' });
    expect(ready.headers.get('connection')).toBe('close');
    const health = await fetch(`${server.baseURL}/healthz`);
    expect([health.status, health.headers.get('connection')]).toEqual([200, 'close']);
    const answer = await postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await readJson(answer)).toEqual({ error: { code: 'shutting_down', message: 'the server is restarting; please ask again in a moment' } });
  });
});

describe("a client's Connection: close", () => {
  it('is honoured by streamed and plain answers', async () => {
    const server = await startTestServer();
    cleanups.push(
      () => server.close(),
      async () => (await sharedTestIndex()).remove(),
    );
    const agent = new http.Agent({ keepAlive: false });
    for (const body of [{ messages: [{ role: 'user', content: QUESTION }] }, { messages: [{ role: 'user', content: QUESTION }], stream: false }]) {
      const response = await request(`${server.baseURL}/api/chat`, agent, { method: 'POST', body });
      expect(response.status).toBe(200);
      expect(response.headers.connection).toBe('close');
      await response.socketClosed;
    }
  });
});
