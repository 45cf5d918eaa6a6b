// Three replicas of the compiled server behind nginx, sharing one Redis and one INDEX_DIR, all on
// loopback: what a visitor would notice when limits, the budget and the answer cache are shared, when
// a replica dies or is stopped, and when Redis goes away and comes back. `npm run test:cluster`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createParser } from 'eventsource-parser';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatChunk, chatResponse, sendJson, startFakeOpenAIServer, streamChatResponse, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { CORPUS_DIR, GOLD_FILE, temporaryDirectory } from '../support/temporary-index.ts';
import { CLI_ENTRY, freePort, loadFor, programPath, send, startNginx, startRedis, startReplica, type HttpResult, type Service } from '../support/cluster.ts';
import { readFileSync } from 'node:fs';
import { SIGN_INS_PER_MINUTE } from '../../src/server/routes/admin.ts';

const MISSING = ['redis-server', 'nginx'].filter((program) => !programPath(program));
// CI installs both (.ci/run); a developer without them is told how to get them.
const clusterDescribe = MISSING.length === 0 || process.env.CI === 'true' ? describe : describe.skip;
if (MISSING.length > 0 && process.env.CI !== 'true') {
  process.stderr.write(
    `Cluster test skipped: ${MISSING.join(' and ')} not found; install Debian's packages to run it (apt-get install -y redis-server nginx).\n`,
  );
}

const RATE_LIMIT = 20;
/** The replicas are private (API_KEYS): every request of the test carries this key unless it says otherwise. */
const API_KEY = 'cluster-test-key-0123456789';
const ADMIN_TOKEN = 'cluster-admin-token-0123456789';
const BUDGET = 1_000_000;
/** The most a reply may hold (max_tokens): with the prompt, what each model request reserves of the budget. */
const MAX_OUTPUT_TOKENS = 4000;
/**
 * Budget left for the concurrent questions: each reserves 4,000 tokens and its prompt counted at one token
 * a byte (5,000–9,000 for these prompts), so two or three fit, and six would spend twice this.
 */
const ROOM = 30_000;
const QUESTION = '新质生产力的显著特点是什么？';
/** Questions the fake model fails on: with a 500, and by cutting its stream mid-answer. */
const FAILING_QUESTION = '科技创新在发展新质生产力中起什么作用？';
const CUT_QUESTION = '如何用新技术改造提升传统产业？';
const QUESTIONS = readFileSync(GOLD_FILE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { q: string; lang: string; type: string })
  .filter((entry) => entry.lang === 'zh' && entry.type === 'fact' && entry.q !== FAILING_QUESTION && entry.q !== CUT_QUESTION)
  .map((entry) => entry.q);

let directory: Awaited<ReturnType<typeof temporaryDirectory>>;
let fake: FakeOpenAIServer;
let redis: Service;
let redisPort: number;
let nginx: Service;
let front: string;
const replicas: Service[] = [];
const replicaPorts: number[] = [];
let replicaEnvironment: Record<string, string>;
let redisClient: Redis;

/** A request with the API key. */
const ask = (url: string, options: Parameters<typeof send>[1] = {}) =>
  send(url, { ...options, headers: { authorization: `Bearer ${API_KEY}`, ...options.headers } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const replicaUrl = (index: number) => `http://127.0.0.1:${replicaPorts[index]}`;
/** Which replica answered, from the address nginx reports (the last one, if it passed the request on). */
const servedBy = (result: HttpResult) =>
  String(result.headers['x-upstream'] ?? '')
    .split(', ')
    .at(-1);
/** While set, the fake model writes all it may and counts the prompt as the service does, slowly: each answer costs what it reserved. */
let spendingModel: { reported: number[] } | undefined;
const modelCalls = () => fake.requests.filter((request) => request.path.endsWith('/chat/completions')).length;

function events(body: string): Array<{ event: string; data: unknown }> {
  const parsed: Array<{ event: string; data: unknown }> = [];
  const parser = createParser({ onEvent: (message) => parsed.push({ event: message.event ?? 'message', data: JSON.parse(message.data) }) });
  parser.feed(body);
  return parsed;
}

async function readyz(index: number): Promise<{ status: string; redis?: string; index: { builtAt: string } }> {
  return (await fetch(`${replicaUrl(index)}/readyz`)).json() as Promise<{ status: string; redis?: string; index: { builtAt: string } }>;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

function count(text: string, phrase: string): number {
  return text.split(phrase).length - 1;
}

/** `RATE_LIMIT` searches from one client address through nginx, then one more. */
async function exhaustRateLimit(from: string) {
  const allowed: HttpResult[] = [];
  for (let request = 0; request < RATE_LIMIT; request++) allowed.push(await ask(`${front}/api/search`, { body: { query: QUESTION, k: 3 }, from }));
  const refused = await ask(`${front}/api/search`, { body: { query: QUESTION, k: 3 }, from });
  return { allowed, refused };
}

clusterDescribe('three replicas behind nginx, sharing Redis', () => {
  beforeAll(async () => {
    directory = await temporaryDirectory('speechcite-cluster-');
    const indexDir = path.join(directory.path, 'index');
    // One build in the shared INDEX_DIR, made by the compiled CLI, as `npm run ingest` would.
    const ingest = spawnSync(process.execPath, [CLI_ENTRY, 'ingest'], {
      env: { PATH: process.env.PATH, CORPUS_DIR, INDEX_DIR: indexDir, EMBEDDER: 'local' },
      encoding: 'utf8',
    });
    expect(ingest.status, ingest.stdout + ingest.stderr).toBe(0);
    fake = await startFakeOpenAIServer(async (request, response) => {
      const prompt = JSON.stringify(request.body ?? '');
      if (spendingModel) {
        const body = request.body as { messages: Array<{ role: string; content: string }>; max_tokens: number };
        // A tokenizer that makes one token of every byte: the most a prompt can count.
        const usage = {
          prompt_tokens: body.messages.reduce((total, message) => total + Buffer.byteLength(message.content), 0),
          completion_tokens: body.max_tokens,
        };
        spendingModel.reported.push(usage.prompt_tokens + usage.completion_tokens);
        await sleep(300);
        return streamChatResponse(response, ['新质生产力的显著特点是创新[1]。'], usage);
      }
      if (prompt.includes(FAILING_QUESTION)) return sendJson(response, 500, { error: { message: 'the model is down' } });
      if (prompt.includes(CUT_QUESTION)) {
        // Streams the start of an answer, then drops the connection.
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(chatChunk({ role: 'assistant', content: '新质生产力' }));
        response.write(chatChunk({ content: '的显著特点是创新[1]' }));
        return void setTimeout(() => response.destroy(), 20);
      }
      chatResponse(request, response, '新质生产力的显著特点是创新[1]。');
    });
    redisPort = await freePort();
    redis = await startRedis(path.join(directory.path, 'redis'), redisPort);
    redisClient = new Redis({ port: redisPort, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => 200 });
    redisClient.on('error', () => undefined);
    await redisClient.connect();
    replicaEnvironment = {
      CORPUS_DIR,
      INDEX_DIR: indexDir,
      EMBEDDER: 'local',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-cluster-test',
      LLM_MAX_RETRIES: '0',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      TRUST_PROXY: '1',
      API_KEYS: API_KEY,
      RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
      DAILY_TOKEN_BUDGET: String(BUDGET),
      LLM_MAX_OUTPUT_TOKENS: String(MAX_OUTPUT_TOKENS),
      INDEX_POLL_MS: '200',
      RETRIEVAL_THREAD: 'false',
      SHUTDOWN_GRACE_MS: '5000',
      ANALYTICS: 'false',
      ADMIN_TOKEN,
    };
    for (let index = 0; index < 3; index++) replicaPorts.push(await freePort());
    replicas.push(...(await Promise.all(replicaPorts.map((port, index) => startReplica(`replica ${index + 1}`, { port, environment: replicaEnvironment })))));
    // On a busy machine a replica may be ready before it reaches Redis; sharing starts once it has.
    await waitUntil('every replica to reach Redis', async () => (await Promise.all([0, 1, 2].map(readyz))).every((ready) => ready.redis === 'connected'));
    const frontPort = await freePort();
    nginx = await startNginx(path.join(directory.path, 'nginx'), frontPort, replicaPorts);
    front = `http://127.0.0.1:${frontPort}`;
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop('SIGQUIT');
    await Promise.all(replicas.map((replica) => replica.stop('SIGKILL')));
    redisClient?.disconnect();
    await redis?.stop('SIGKILL');
    await fake?.close();
    await directory?.remove();
  }, 30_000);

  it('counts one rate limit across replicas: the limit+1st request from one client is refused, whichever replicas served the others', async () => {
    const { allowed, refused } = await exhaustRateLimit('127.0.0.2');
    expect(allowed.map((result) => result.status)).toEqual(Array(RATE_LIMIT).fill(200));
    // Round robin spread them: with per-replica limits each replica would have allowed 20 of its own.
    expect(new Set(allowed.map(servedBy)).size).toBe(3);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body).error.code).toBe('rate_limited');
    // Another client is not affected.
    expect((await ask(`${front}/api/search`, { body: { query: QUESTION }, from: '127.0.0.3' })).status).toBe(200);
  });

  it('replays an answer given by one replica as a cache hit on another: the same events, and no second model call', async () => {
    const body = { messages: [{ role: 'user', content: '新质生产力催生的因素有哪些？' }] };
    const callsBefore = modelCalls();
    const first = await ask(`${replicaUrl(0)}/api/chat`, { body });
    expect(first.status).toBe(200);
    expect(first.headers['x-speechcite-cache']).toBe('miss');
    expect(modelCalls()).toBe(callsBefore + 1);
    await sleep(100); // the answer is stored once it has ended
    const second = await ask(`${replicaUrl(1)}/api/chat`, { body: { messages: [{ role: 'user', content: ' 新质生产力催生的因素有哪些? ' }] } });
    expect(second.status).toBe(200);
    expect(second.headers['x-speechcite-cache']).toBe('hit');
    expect(modelCalls()).toBe(callsBefore + 1);
    const firstEvents = events(first.body);
    expect(firstEvents.at(-1)?.event).toBe('final');
    // Each response is an answer of its own, with its own id for feedback; everything else is replayed.
    const withoutId = (list: Array<{ event: string; data: unknown }>) =>
      list.map(({ event, data }) => ({ event, data: event === 'final' ? { ...(data as object), id: undefined } : data }));
    expect(withoutId(events(second.body))).toEqual(withoutId(firstEvents));
    // Not streamed, through nginx, on the third replica: the same answer as JSON.
    const third = await ask(`${replicaUrl(2)}/api/chat`, { body: { ...body, stream: false } });
    expect(third.headers['x-speechcite-cache']).toBe('hit');
    expect(JSON.parse(third.body).answer).toBe((firstEvents.at(-1)!.data as { text: string }).text);
    // Another conversation before the same question is another answer.
    const followUp = await ask(`${replicaUrl(1)}/api/chat`, {
      body: { messages: [{ role: 'user', content: '绿色发展有什么要求？' }, { role: 'assistant', content: '绿色发展是……[1]' }, body.messages[0]] },
    });
    expect(followUp.headers['x-speechcite-cache']).toBe('miss');
  });

  it('never caches a failed, cut-off or abstaining answer: asked again, each goes to the model (or retrieval) afresh', async () => {
    for (const content of [FAILING_QUESTION, CUT_QUESTION, '明天北京的天气怎么样？']) {
      const body = { messages: [{ role: 'user', content }] };
      const first = await ask(`${replicaUrl(0)}/api/chat`, { body });
      const firstEvents = events(first.body);
      expect(firstEvents.at(-1)?.event).toBe(content === '明天北京的天气怎么样？' ? 'final' : 'error');
      if (firstEvents.at(-1)?.event === 'final') expect((firstEvents.at(-1)!.data as { abstained: boolean }).abstained).toBe(true);
      await sleep(100);
      const callsBefore = modelCalls();
      const second = await ask(`${replicaUrl(1)}/api/chat`, { body });
      expect(second.headers['x-speechcite-cache'], content).toBe('miss');
      expect(events(second.body).at(-1)?.event).toBe(firstEvents.at(-1)?.event);
      if (content !== '明天北京的天气怎么样？') expect(modelCalls()).toBeGreaterThan(callsBefore);
    }
  });

  it('swaps every replica to a newly published build together, and serves no answer cached for the old build', async () => {
    const body = { messages: [{ role: 'user', content: QUESTION }], stream: false };
    await ask(`${replicaUrl(0)}/api/chat`, { body });
    await sleep(100);
    expect((await ask(`${replicaUrl(1)}/api/chat`, { body })).headers['x-speechcite-cache']).toBe('hit');
    const oldBuild = (await readyz(0)).index.builtAt;

    const ingest = spawnSync(process.execPath, [CLI_ENTRY, 'ingest', '--force'], {
      env: { PATH: process.env.PATH, CORPUS_DIR, INDEX_DIR: replicaEnvironment.INDEX_DIR, EMBEDDER: 'local' },
      encoding: 'utf8',
    });
    expect(ingest.status, ingest.stderr).toBe(0);
    const published = performance.now();
    const swappedAt: number[] = [];
    await Promise.all(
      replicas.map((_replica, index) =>
        waitUntil(`replica ${index + 1} to swap in the new build`, async () => {
          const builtAt = (await readyz(index)).index.builtAt;
          if (builtAt !== oldBuild) swappedAt[index] = performance.now() - published;
          return builtAt !== oldBuild;
        }),
      ),
    );
    // Each polls every 200 ms: they all serve the new build within a second of its publication.
    expect(Math.max(...swappedAt)).toBeLessThan(1000 + 200);
    expect(new Set(await Promise.all(replicas.map(async (_replica, index) => (await readyz(index)).index.builtAt))).size).toBe(1);

    const callsBefore = modelCalls();
    const after = await ask(`${replicaUrl(2)}/api/chat`, { body });
    expect(after.headers['x-speechcite-cache']).toBe('miss');
    expect(modelCalls()).toBe(callsBefore + 1);
  });

  const authorization = { authorization: `Bearer ${API_KEY}` };
  const loadRequests = () => [
    { url: `${front}/api/search`, body: { query: QUESTION, k: 5 }, headers: authorization },
    { url: `${front}/api/chat`, body: { messages: [{ role: 'user', content: QUESTION }], stream: false }, headers: authorization },
    { url: `${front}/api/search`, body: { query: '绿色发展', k: 3 }, headers: authorization },
    { url: `${front}/api/chat`, body: { messages: [{ role: 'user', content: '绿色发展有什么要求？' }] }, headers: authorization },
  ];

  it('kill -9 of one replica under load fails no more requests than it had in flight; SIGTERM of another fails none', async () => {
    try {
      await killAndStop();
    } finally {
      // Both come back on their ports, whatever happened; nginx sends them requests again once their fail_timeout is over.
      const restarted = await Promise.all(
        [0, 1].map((index) =>
          replicas[index]!.running ? replicas[index]! : startReplica(`replica ${index + 1}`, { port: replicaPorts[index]!, environment: replicaEnvironment }),
        ),
      );
      replicas.splice(0, 2, ...restarted);
    }
  }, 90_000);

  async function killAndStop() {
    let killedAt = 0;
    const killed = await loadFor(4000, 6, loadRequests(), 0, async () => {
      await sleep(1500);
      killedAt = performance.now();
      await replicas[0]!.stop('SIGKILL');
    });
    const port = `127.0.0.1:${replicaPorts[0]}`;
    expect(killed.results.filter((result) => servedBy(result) === port && result.endedAt < killedAt).length).toBeGreaterThan(0);
    const failed = killed.results.filter((result) => result.status !== 200);
    expect(
      failed.every((result) => result.startedAt <= killedAt),
      JSON.stringify(failed.slice(0, 3)),
    ).toBe(true);
    expect(failed.length).toBeLessThanOrEqual(killed.outstandingAt(killedAt));
    expect(killed.results.filter((result) => result.startedAt > killedAt && result.status === 200).length).toBeGreaterThan(20);

    const stopped = await loadFor(4000, 6, loadRequests(), 10_000, async () => {
      await sleep(1500);
      await replicas[1]!.stop('SIGTERM');
    });
    expect(await replicas[1]!.exited).toBe(0);
    const failures = stopped.results.filter((result) => result.status !== 200);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect(stopped.results.length).toBeGreaterThan(40);
  }

  it('Redis stopped under load: no 5xx, /readyz says degraded, one log line; restarted: limits and the cache are shared again', async () => {
    const degraded: string[] = [];
    // What each replica logs from now on (one that was slow to reach Redis at start has said so already).
    const logStart = replicas.map((replica) => replica.output.length);
    const logSince = (index: number) => replicas[index]!.output.slice(logStart[index]);
    const outage = await loadFor(5000, 6, loadRequests(), 20_000, async () => {
      await sleep(1000);
      await redis.stop('SIGKILL');
      await sleep(1500);
      for (let index = 0; index < 3; index++) degraded.push((await readyz(index)).status);
    });
    const failures = outage.results.filter((result) => result.status >= 500 || result.status === 0);
    expect(failures, JSON.stringify(failures.slice(0, 3))).toEqual([]);
    expect(outage.results.filter((result) => result.status !== 200)).toEqual([]);
    expect(degraded).toEqual(['degraded', 'degraded', 'degraded']);
    for (const index of [0, 1, 2]) expect(count(logSince(index), 'redis is unreachable')).toBe(1);
    // Meanwhile limits are each replica's own: more than the shared limit gets through.
    const local = await exhaustRateLimit('127.0.0.4');
    expect(local.refused.status).toBe(200);

    redis = await startRedis(path.join(directory.path, 'redis'), redisPort);
    await waitUntil('every replica to report Redis connected', async () =>
      (await Promise.all([0, 1, 2].map(readyz))).every((ready) => ready.status === 'ok' && ready.redis === 'connected'),
    );
    for (const index of [0, 1, 2]) {
      expect(count(logSince(index), 'redis is unreachable')).toBe(1);
      expect(count(logSince(index), 'redis is reachable again')).toBe(1);
    }
    const shared = await exhaustRateLimit('127.0.0.5');
    expect(new Set(shared.allowed.map(servedBy)).size).toBe(3);
    expect(shared.refused.status).toBe(429);
    const body = { messages: [{ role: 'user', content: '发展新质生产力要防止出现哪些倾向？' }], stream: false };
    expect((await ask(`${replicaUrl(2)}/api/chat`, { body })).headers['x-speechcite-cache']).toBe('miss');
    await sleep(100);
    expect((await ask(`${replicaUrl(0)}/api/chat`, { body })).headers['x-speechcite-cache']).toBe('hit');
  }, 90_000);

  it('shares the daily token budget exactly: questions asked at once through every replica spend no more than is left', async () => {
    await redisClient.connect().catch(() => undefined);
    await waitUntil('the test to reach Redis again', async () => (await redisClient.ping()) === 'PONG');
    const budgetKey = `speechcite:budget:${new Date().toISOString().slice(0, 10)}`;
    await redisClient.set(budgetKey, BUDGET - ROOM);
    const reported: number[] = [];
    spendingModel = { reported };
    let results: HttpResult[];
    try {
      // Six new questions at once, spread by nginx over the three replicas; each answer would cost 4,000+ tokens.
      results = await Promise.all(
        QUESTIONS.slice(10, 16).map((question) =>
          ask(`${front}/api/chat`, { body: { messages: [{ role: 'user', content: question }], stream: false }, from: '127.0.0.6' }),
        ),
      );
    } finally {
      spendingModel = undefined;
    }
    expect(new Set(results.map(servedBy)).size).toBe(3);
    const answered = results.filter((result) => result.status === 200);
    const refused = results.filter((result) => result.status !== 200);
    expect(answered.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) {
      const replica = replicas[replicaPorts.findIndex((port) => servedBy(result) === `127.0.0.1:${port}`)];
      expect(result.status, `${result.body}\n${replica?.output.slice(-3000)}`).toBe(429);
      expect(JSON.parse(result.body).error).toEqual({
        code: 'budget_exhausted',
        message: 'the daily budget for model answers is used up; it resets at midnight UTC',
      });
    }
    // Only the answers that fit went to the model, and between them they spent at most what was left.
    expect(reported).toHaveLength(answered.length);
    const spent = reported.reduce((total, tokens) => total + tokens, 0);
    expect(spent).toBeLessThanOrEqual(ROOM);
    // Each replica settled its reservations to what was used: the shared count is exactly what was spent.
    await waitUntil('the reservations to be settled', async () => Number(await redisClient.get(budgetKey)) === BUDGET - ROOM + spent, 5000);

    // With the budget spent, a question answered before is still served from the cache: it costs no tokens.
    await redisClient.set(budgetKey, BUDGET);
    const cached = await ask(`${front}/api/chat`, {
      body: { messages: [{ role: 'user', content: '发展新质生产力要防止出现哪些倾向？' }], stream: false },
      from: '127.0.0.7',
    });
    expect(cached.status).toBe(200);
    expect(cached.headers['x-speechcite-cache']).toBe('hit');
    const fresh = await ask(`${front}/api/chat`, { body: { messages: [{ role: 'user', content: QUESTIONS[20]! }], stream: false }, from: '127.0.0.7' });
    expect(fresh.status).toBe(429);
  });

  it('counts wrong API keys across replicas: past the limit a client is refused by every replica, right key or not', async () => {
    const url = `${front}/api/search`;
    const wrong = { authorization: 'Bearer not-the-key' };
    const attempts: HttpResult[] = [];
    for (let attempt = 0; attempt < RATE_LIMIT; attempt++) attempts.push(await ask(url, { body: { query: QUESTION }, from: '127.0.0.8', headers: wrong }));
    expect(attempts.map((result) => result.status)).toEqual(Array(RATE_LIMIT).fill(401));
    expect(JSON.parse(attempts[0]!.body).error).toEqual({ code: 'unauthorized', message: 'the API key is not valid' });
    // Round robin spread them: with per-replica counts each replica would have allowed 20 of its own.
    expect(new Set(attempts.map(servedBy)).size).toBe(3);
    // Past the limit, each replica in turn refuses the client, whatever key it sends.
    const after: HttpResult[] = [];
    for (const headers of [wrong, { authorization: `Bearer ${API_KEY}` }, wrong])
      after.push(await ask(url, { body: { query: QUESTION }, from: '127.0.0.8', headers }));
    expect(new Set(after.map(servedBy)).size).toBe(3);
    for (const result of after) {
      expect(result.status).toBe(429);
      expect(JSON.parse(result.body).error.message).toMatch(/too many requests with a missing or wrong API key/u);
    }
    // Another client with the right key is served.
    expect((await ask(url, { body: { query: QUESTION }, from: '127.0.0.9' })).status).toBe(200);
  });

  it('counts wrong dashboard tokens and feedback across replicas: spread by nginx, they still meet one limit each', async () => {
    const wrong = { authorization: 'Bearer wrong-admin-token-0123456789' };
    const guesses: HttpResult[] = [];
    for (let guess = 0; guess < SIGN_INS_PER_MINUTE; guess++) guesses.push(await send(`${front}/admin/api/report`, { from: '127.0.0.10', headers: wrong }));
    expect(guesses.map((result) => result.status)).toEqual(Array(SIGN_INS_PER_MINUTE).fill(401));
    expect(new Set(guesses.map(servedBy)).size).toBe(3);
    const after: HttpResult[] = [];
    for (const headers of [wrong, { authorization: `Bearer ${ADMIN_TOKEN}` }, wrong])
      after.push(await send(`${front}/admin/api/report`, { from: '127.0.0.10', headers }));
    expect(new Set(after.map(servedBy)).size).toBe(3);
    for (const result of after) expect(JSON.parse(result.body).error.message).toMatch(/too many sign-in attempts with a wrong token/u);
    // The owner, from another address, gets in (these replicas record nothing, so the report itself is missing).
    const owner = await send(`${front}/admin/api/report`, { from: '127.0.0.11', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(owner.status).toBe(404);
    expect(JSON.parse(owner.body).error.message).toMatch(/nothing is recorded/u);

    // Feedback has its own per-client budget: these replicas record nothing, so each rating is refused as such until the limit.
    const rating = { answerId: '00000000-0000-4000-8000-000000000000', rating: 'up' };
    const ratings: HttpResult[] = [];
    for (let sent = 0; sent <= RATE_LIMIT; sent++) ratings.push(await ask(`${front}/api/feedback`, { body: rating, from: '127.0.0.12' }));
    expect(ratings.slice(0, RATE_LIMIT).map((result) => result.status)).toEqual(Array(RATE_LIMIT).fill(404));
    expect(new Set(ratings.map(servedBy)).size).toBe(3);
    expect(ratings.at(-1)!.status).toBe(429);
  });
});
