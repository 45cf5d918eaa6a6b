import { spawn } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import type { AnswerEngine } from '../../src/setup/create-answerer.ts';
import { chatChunk, chatResponse, startFakeOpenAIServer, streamChatResponse, type FakeHandler, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { postJson, readEventStream, readJson, sharedTestIndex, startTestServer, type TestServer } from '../support/test-server.ts';
import { REPOSITORY_ROOT, temporaryDirectory } from '../support/temporary-index.ts';

const QUESTION = '新质生产力的显著特点是什么？';
const servers: TestServer[] = [];
const fakes: FakeOpenAIServer[] = [];
afterEach(async () => {
  while (servers.length > 0) await servers.pop()!.close();
  while (fakes.length > 0) await fakes.pop()!.close();
});
afterAll(async () => (await sharedTestIndex()).remove());

async function serve(environment: Record<string, string> = {}, options: { ready?: boolean } = {}) {
  const server = await startTestServer(environment, options);
  servers.push(server);
  return server;
}
async function fakeModel(handler: FakeHandler) {
  const fake = await startFakeOpenAIServer(handler);
  fakes.push(fake);
  return fake;
}
const chat = (content = QUESTION) => ({ messages: [{ role: 'user', content }], stream: false });

describe('bad input', () => {
  it('names the invalid field with a 400', async () => {
    const { baseURL } = await serve();
    const response = await postJson(`${baseURL}/api/chat`, { messages: [{ role: 'user', content: '' }] });
    expect(response.status).toBe(400);
    expect(await readJson(response)).toEqual({ error: { code: 'bad_request', message: 'invalid request body: messages.0.content: must not be empty' } });
    const unknownField = await postJson(`${baseURL}/api/search`, { query: 'x', color: 'red' });
    expect((await readJson(unknownField)).error.message).toMatch(/color/u);
  });

  it('caps the message count and length', async () => {
    const { baseURL } = await serve({ MAX_MESSAGES: '3', MAX_MESSAGE_CHARS: '50' });
    const tooMany = await postJson(`${baseURL}/api/chat`, { messages: Array.from({ length: 4 }, () => ({ role: 'user', content: '问' })) });
    expect((await readJson(tooMany)).error.message).toBe('invalid request body: messages: must hold at most 3 messages');
    const tooLong = await postJson(`${baseURL}/api/chat`, { messages: [{ role: 'user', content: '问'.repeat(51) }] });
    expect((await readJson(tooLong)).error.message).toBe('invalid request body: messages.0.content: must be at most 50 characters');
  });

  it('answers 413 for a body over 32 KB, 400 for malformed JSON and 415 for a body that is not JSON', async () => {
    const { baseURL } = await serve();
    const large = await postJson(`${baseURL}/api/chat`, { messages: [{ role: 'user', content: 'x'.repeat(40_000) }] });
    expect(large.status).toBe(413);
    expect((await readJson(large)).error.code).toBe('payload_too_large');
    const malformed = await fetch(`${baseURL}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"messages": [' });
    expect(malformed.status).toBe(400);
    expect(await readJson(malformed)).toEqual({ error: { code: 'bad_request', message: 'the request body is not valid JSON' } });
    const text = await fetch(`${baseURL}/api/chat`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
  });

  it('answers 404 for an unknown route and 503 while the index is being built', async () => {
    const { baseURL } = await serve({}, { ready: false });
    expect((await fetch(`${baseURL}/nowhere`)).status).toBe(404);
    const building = await postJson(`${baseURL}/api/search`, { query: '创新' });
    expect(building.status).toBe(503);
    expect(await readJson(building)).toEqual({ error: { code: 'not_ready', message: 'the search index is being built; try again in a few seconds' } });
    expect((await fetch(`${baseURL}/readyz`)).status).toBe(503);
  });

  it('never sends a stack trace or an internal message', async () => {
    const server = await serve();
    const { index } = await sharedTestIndex();
    const broken = new HybridRetriever(index);
    broken.retrieve = async () => {
      throw new Error('secret detail at /srv/app/src/retrieval.ts:42');
    };
    server.state.ready({
      retriever: broken,
      store: server.state.engine!.store,
      answerer: server.state.engine!.answerer,
      mode: 'offline',
      chatModel: undefined,
    } satisfies AnswerEngine);
    const response = await postJson(`${server.baseURL}/api/search`, { query: '创新' });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'something went wrong on our side; the error has been logged' } });
    expect(text).not.toMatch(/secret|\.ts:|at /u);
  });

  it('gives zero 5xx responses across 1,000 fuzzed request bodies', async () => {
    const { baseURL } = await serve();
    const routes = ['/api/chat', '/api/search', '/v1/chat/completions'];
    const messageLike = fc.record(
      {
        role: fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), fc.string()),
        content: fc.oneof(fc.string(), fc.constant(QUESTION), fc.integer(), fc.constant(null), fc.array(fc.string())),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.anything(),
      fc.record(
        {
          messages: fc.oneof(fc.array(messageLike, { maxLength: 25 }), fc.anything()),
          stream: fc.oneof(fc.constant(false), fc.anything()),
          filters: fc.anything(),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        { query: fc.oneof(fc.string(), fc.constant('绿色发展'), fc.anything()), k: fc.oneof(fc.integer(), fc.anything()), filters: fc.anything() },
        { requiredKeys: [] },
      ),
    );
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), body, async (route, value) => {
        // Streaming is asked off so each case is one request and one response.
        const payload = value && typeof value === 'object' && !Array.isArray(value) && 'stream' in value ? { ...value, stream: false } : value;
        const response = await fetch(`${baseURL}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload) ?? 'null',
        });
        await response.arrayBuffer();
        statuses.push(response.status);
        return response.status < 500;
      }),
      { numRuns: 1000 },
    );
    expect(statuses).toHaveLength(1000);
    // The fuzzing reached real handling and left the server serving: a valid request to each route succeeds.
    // (Asserted directly: random bodies are rarely valid, so a 200 among them is left to chance.)
    const valid: Record<string, unknown> = {
      '/api/chat': { messages: [{ role: 'user', content: QUESTION }], stream: false },
      '/api/search': { query: '绿色发展' },
      '/v1/chat/completions': { messages: [{ role: 'user', content: QUESTION }] },
    };
    for (const route of routes) expect((await postJson(`${baseURL}${route}`, valid[route])).status).toBe(200);
  }, 120_000);
});

describe('who may call', () => {
  it('admits allowlisted browser origins with CORS headers and refuses others with a clear 403', async () => {
    const { baseURL } = await serve({ ALLOWED_ORIGINS: 'https://allowed.example' });
    const allowed = await postJson(`${baseURL}/api/search`, { query: '创新' }, { origin: 'https://allowed.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    const preflight = await fetch(`${baseURL}/api/chat`, {
      method: 'OPTIONS',
      headers: { origin: 'https://allowed.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    const denied = await postJson(`${baseURL}/api/search`, { query: '创新' }, { origin: 'https://evil.example' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect(await readJson(denied)).toEqual({
      error: {
        code: 'forbidden_origin',
        message:
          "this site (https://evil.example) is not allowed to use the API: add it to ALLOWED_ORIGINS on the server (or, if it is this service's own address, set PUBLIC_URL to it)",
      },
    });
  });

  it('requires one of API_KEYS as a Bearer token from every client, admitted browser origins included', async () => {
    const { baseURL } = await serve({ API_KEYS: 'key-one,key-two', ALLOWED_ORIGINS: 'https://allowed.example' });
    expect((await postJson(`${baseURL}/api/search`, { query: '创新' })).status).toBe(401);
    const wrong = await postJson(`${baseURL}/api/search`, { query: '创新' }, { authorization: 'Bearer key-three' });
    expect(await readJson(wrong)).toEqual({ error: { code: 'unauthorized', message: 'the API key is not valid' } });
    expect((await postJson(`${baseURL}/api/search`, { query: '创新' }, { authorization: 'Bearer key-two' })).status).toBe(200);
    expect((await postJson(`${baseURL}/api/search`, { query: '创新' }, { origin: 'https://allowed.example' })).status).toBe(401);
    expect((await postJson(`${baseURL}/api/search`, { query: '创新' }, { origin: 'https://allowed.example', authorization: 'Bearer key-one' })).status).toBe(
      200,
    );
  });
});

describe('abuse limits', () => {
  it('answers 429 past the per-IP rate limit, and a forged X-Forwarded-For does not get around it', async () => {
    const { baseURL } = await serve({ RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const response = await postJson(`${baseURL}/api/search`, { query: '创新' }, { 'x-forwarded-for': `203.0.113.${attempt}` });
      statuses.push(response.status);
      if (response.status === 429) expect((await readJson(response)).error.code).toBe('rate_limited');
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
  });

  it('never lets requests past the rate limit reach the model', async () => {
    const fake = await fakeModel((request, response) => chatResponse(request, response, '特点是创新[1]。'));
    const { baseURL } = await serve({ OPENAI_BASE_URL: fake.baseURL, RATE_LIMIT_PER_MINUTE: '2' });
    const statuses = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await postJson(`${baseURL}/api/chat`, chat())).status);
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    expect(fake.requests).toHaveLength(2);
  });

  it('stops model answers when the daily token budget is spent', async () => {
    // The model reports more than the reservation held for it (its own tokenizer): the whole of it is counted.
    const fake = await fakeModel((_request, response) => streamChatResponse(response, ['特点是创新[1]。'], { prompt_tokens: 50_000, completion_tokens: 20 }));
    const { baseURL } = await serve({ OPENAI_BASE_URL: fake.baseURL, DAILY_TOKEN_BUDGET: '50000' });
    expect((await postJson(`${baseURL}/api/chat`, chat())).status).toBe(200);
    const spent = await postJson(`${baseURL}/api/chat`, chat());
    expect(spent.status).toBe(429);
    expect((await readJson(spent)).error).toEqual({
      code: 'budget_exhausted',
      message: 'the daily budget for model answers is used up; it resets at midnight UTC',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('lets questions asked at once spend no more than the budget: the ones that do not fit are refused with 429', async () => {
    // A model that writes all it may (max_tokens) and whose tokenizer makes a token of every byte, the
    // most a prompt can count: each answer costs what it reserved (4,000 tokens and the prompt, 5,000–9,000
    // here), so a budget of 30,000 holds two or three of the six, which together would spend twice that.
    // Its replies take 300 ms, so all six are asked before any ends.
    const reported: number[] = [];
    const fake = await fakeModel(async (request, response) => {
      const body = request.body as { messages: Array<{ role: string; content: string }>; max_tokens: number };
      const usage = {
        prompt_tokens: body.messages.reduce((total, message) => total + Buffer.byteLength(message.content), 0),
        completion_tokens: body.max_tokens,
      };
      reported.push(usage.prompt_tokens + usage.completion_tokens);
      await new Promise((resolve) => setTimeout(resolve, 300));
      streamChatResponse(response, ['新质生产力的显著特点是创新[1]。'], usage);
    });
    const { baseURL } = await serve({ OPENAI_BASE_URL: fake.baseURL, DAILY_TOKEN_BUDGET: '30000', LLM_MAX_OUTPUT_TOKENS: '4000' });
    const responses = await Promise.all(Array.from({ length: 6 }, () => postJson(`${baseURL}/api/chat`, chat())));
    const statuses = responses.map((response) => response.status);
    const bodies = await Promise.all(responses.map((response) => readJson(response)));
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 429)).toBe(true);
    for (const [index, body] of bodies.entries()) if (statuses[index] === 429) expect(body.error.code).toBe('budget_exhausted');
    // Only the answers that fit were asked of the model, and together they spent at most the budget.
    expect(reported).toHaveLength(statuses.filter((status) => status === 200).length);
    expect(reported.reduce((total, tokens) => total + tokens, 0)).toBeLessThanOrEqual(30_000);
  });
});

describe('streams under failure', () => {
  it('end in exactly one terminal error event when the model fails mid-answer', async () => {
    const fake = await fakeModel((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      // Only verified text is streamed: one complete, cited sentence, then the cut.
      response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。它' }));
      setTimeout(() => response.socket?.destroy(), 30);
    });
    const { baseURL } = await serve({ OPENAI_BASE_URL: fake.baseURL });
    const events = await readEventStream(await postJson(`${baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] }));
    expect(events.map((event) => event.event)).toEqual(['sources', 'text-delta', 'error']);
    expect(events.at(-1)!.data).toMatchObject({ code: 'upstream_unavailable', status: 502 });
  });

  it('abort the upstream model request when the client disconnects', async () => {
    const fake = await fakeModel((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力的显著特点是创新[1]。它' }));
    });
    const { baseURL, streams } = await serve({ OPENAI_BASE_URL: fake.baseURL });
    const response = await postJson(`${baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] });
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('text-delta')) seen += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    await expect.poll(() => fake.abortedRequests, { timeout: 3000 }).toBe(1);
    await expect.poll(() => streams.size).toBe(0);
  });

  it('close open streams with a terminal event on shutdown', async () => {
    const fake = await fakeModel((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力' }));
    });
    const server = await startTestServer({ OPENAI_BASE_URL: fake.baseURL });
    const pending = postJson(`${server.baseURL}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] }).then(readEventStream);
    await expect.poll(() => fake.requests.length).toBe(1);
    server.streams.shutDown();
    const events = await pending;
    expect(events.at(-1)).toEqual({
      event: 'error',
      data: { code: 'shutting_down', message: 'the server is restarting; please ask again in a moment', status: 503 },
    });
    expect(events.filter((event) => event.event === 'final' || event.event === 'error')).toHaveLength(1);
    await server.close();
  });

  it('drains and exits on SIGTERM within the grace period, an open stream ending with its terminal event', async () => {
    // A model that never finishes its answer, so the stream is open when the signal comes.
    const fake = await fakeModel((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatChunk({ role: 'assistant', content: '新质生产力' }));
    });
    const grace = 2000;
    const directory = await temporaryDirectory();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPOSITORY_ROOT, 'src/server/main.ts')], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        PORT: '0',
        INDEX_DIR: directory.path,
        DATA_DIR: directory.path,
        LOG_LEVEL: 'silent',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: fake.baseURL,
        EMBEDDER: 'local',
        LLM_MAX_RETRIES: '0',
        SHUTDOWN_GRACE_MS: String(grace),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Building the index first can take this long on a busy machine; the timing that matters starts at the signal.
    await expect.poll(() => output, { timeout: 60_000 }).toMatch(/Index: built/u);
    const url = /listening on (\S+)/u.exec(output)![1]!;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const stream = postJson(`${url}/api/chat`, { messages: [{ role: 'user', content: QUESTION }] }).then(readEventStream);
    await expect.poll(() => fake.requests.length).toBe(1);
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const events = await stream;
    expect(events.filter((event) => event.event === 'final' || event.event === 'error')).toEqual([
      { event: 'error', data: expect.objectContaining({ code: 'shutting_down' }) },
    ]);
    expect(await exited).toBe(0);
    // The process exits by the deadline; the margin covers delivering the signal and the child's teardown.
    expect(Date.now() - started).toBeLessThan(grace + 500);
    expect(output).toContain('SIGTERM: finishing open requests');
    await directory.remove();
  }, 90_000);
});
