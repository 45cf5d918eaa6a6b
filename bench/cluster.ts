// Several replicas behind nginx (deploy/nginx.conf), sharing Redis: throughput of three replicas
// against one behind the same nginx configuration, in turns within one run, for /api/search and
// offline /api/chat; and in LLM mode, with the fake model answering at once, the latency of an answer
// served from the shared cache against the same answer made afresh. Skipped without redis-server and nginx.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { countTokens } from '../src/answer/count-tokens.ts';
import { loadConfig } from '../src/config/config.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { chatChunk, chatResponse, startFakeOpenAIServer } from '../test/support/fake-openai-server.ts';
import { REPOSITORY_ROOT } from '../test/support/temporary-index.ts';
import { freePort, programPath, send, startNginx, startRedis, startReplica, type Service } from '../test/support/cluster.ts';
import { cores, cpuSeconds, machineBusySeconds } from './cpu-time.ts';
import { load, median } from './server-load.ts';
import { percentile, round } from './stats.ts';

const ROUNDS = 3;
const WARM_UP_SECONDS = 3;

export async function benchCluster(
  indexDir: string,
  questions: readonly string[],
  options: { seconds: number; cacheQuestions: number; pacedQuestions: number },
) {
  if (!programPath('redis-server') || !programPath('nginx')) return null;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-cluster-bench-'));
  const services: Service[] = [];
  const fake = await startPacedFakeModel();
  try {
    const redisPort = await freePort();
    services.push(await startRedis(path.join(workDir, 'redis'), redisPort));
    const shared = {
      INDEX_DIR: indexDir,
      EMBEDDER: 'local',
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      TRUST_PROXY: '1',
      RATE_LIMIT_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
      ANALYTICS: 'false',
    };
    // Three replicas as they start by default (each with its retrieval thread), and three without the
    // thread: three processes of two busy threads each are six on two cores.
    const threaded: Service[] = [];
    const unthreaded: Service[] = [];
    const ports = { threaded: [] as number[], unthreaded: [] as number[] };
    // One at a time: three replicas loading at once on two cores take longer than three in a row.
    for (const [list, portList, environment] of [
      [threaded, ports.threaded, shared],
      [unthreaded, ports.unthreaded, { ...shared, RETRIEVAL_THREAD: 'false' }],
    ] as const) {
      for (let index = 0; index < 3; index++) {
        const port = await freePort();
        const replica = await startReplica(`replica ${list === threaded ? '' : 'without thread '}${index + 1}`, { port, environment });
        services.push(replica);
        list.push(replica);
        portList.push(port);
      }
    }
    const nginxFor = async (name: string, replicaPorts: number[]) => {
      const port = await freePort();
      const nginx = await startNginx(path.join(workDir, `nginx-${name}`), port, replicaPorts, 'auto');
      services.push(nginx);
      return { url: `http://127.0.0.1:${port}`, nginx };
    };
    const layouts = {
      one: { ...(await nginxFor('one', ports.threaded.slice(0, 1))), replicas: threaded.slice(0, 1) },
      three: { ...(await nginxFor('three', ports.threaded)), replicas: threaded },
      threeWithoutThread: { ...(await nginxFor('three-unthreaded', ports.unthreaded)), replicas: unthreaded },
    };
    const redis = services[0]!;

    const routes = {
      search: { path: '/api/search', bodies: questions.map((query) => ({ query, k: 5 })) },
      chat: { path: '/api/chat', bodies: questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false })) },
    };
    type Layout = keyof typeof layouts;
    type Route = keyof typeof routes;
    /** A load test with what each part used of the two cores meanwhile. */
    const measured = async (layout: Layout, route: Route, seconds: number) => {
      const { url, nginx, replicas } = layouts[layout];
      const groups = { replicas: replicas.map((replica) => replica.child.pid!), nginx: [nginx.child.pid!], redis: [redis.child.pid!] };
      const before = await Promise.all(Object.values(groups).map(cpuSeconds));
      const machineBefore = await machineBusySeconds();
      const ownBefore = process.cpuUsage();
      const started = performance.now();
      const result = await load(url + routes[route].path, routes[route].bodies, seconds);
      const wallSeconds = (performance.now() - started) / 1000;
      const own = process.cpuUsage(ownBefore);
      const after = await Promise.all(Object.values(groups).map(cpuSeconds));
      const [replicaSeconds, nginxSeconds, redisSeconds] = after.map((value, index) => value - before[index]!) as [number, number, number];
      const loadGeneratorSeconds = (own.user + own.system) / 1e6;
      const machineSeconds = (await machineBusySeconds()) - machineBefore;
      const requests = result.requestsPerSecond * seconds;
      return {
        ...result,
        cpu: {
          /** CPU ms a request cost the replicas, threads included. */
          replicaMsPerRequest: round((replicaSeconds * 1000) / requests),
          /** The same for nginx, Redis and the load generator (autocannon, in this process). */
          nginxMsPerRequest: round((nginxSeconds * 1000) / requests),
          redisMsPerRequest: round((redisSeconds * 1000) / requests),
          loadGeneratorMsPerRequest: round((loadGeneratorSeconds * 1000) / requests),
          /** Share of the machine's cores busy, and the share taken by processes outside this benchmark. */
          machineBusy: round(machineSeconds / (wallSeconds * cores)),
          otherWork: round(Math.max(0, machineSeconds - replicaSeconds - nginxSeconds - redisSeconds - loadGeneratorSeconds) / (wallSeconds * cores)),
        },
      };
    };
    for (const route of Object.keys(routes) as Route[]) for (const layout of Object.keys(layouts) as Layout[]) await measured(layout, route, WARM_UP_SECONDS);
    const rounds: Array<Record<`${Layout}:${Route}`, Awaited<ReturnType<typeof measured>>>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const entry = {} as (typeof rounds)[number];
      for (const route of Object.keys(routes) as Route[])
        for (const layout of Object.keys(layouts) as Layout[]) entry[`${layout}:${route}`] = await measured(layout, route, options.seconds);
      rounds.push(entry);
    }
    const ratio = (layout: Layout, route: Route) =>
      round(median(rounds.map((entry) => entry[`${layout}:${route}`].requestsPerSecond / entry[`one:${route}`].requestsPerSecond)));
    const medianOf = (layout: Layout, route: Route) => Math.round(median(rounds.map((entry) => entry[`${layout}:${route}`].requestsPerSecond)));
    const cpuOf = (layout: Layout, route: Route) => {
      const values = rounds.map((entry) => entry[`${layout}:${route}`].cpu);
      const medianField = (field: keyof (typeof values)[number]) => round(median(values.map((value) => value[field])));
      return {
        replicaMsPerRequest: medianField('replicaMsPerRequest'),
        nginxMsPerRequest: medianField('nginxMsPerRequest'),
        redisMsPerRequest: medianField('redisMsPerRequest'),
        loadGeneratorMsPerRequest: medianField('loadGeneratorMsPerRequest'),
        machineBusy: medianField('machineBusy'),
        otherWork: medianField('otherWork'),
      };
    };
    const failures = rounds.flatMap((entry) => Object.values(entry)).reduce((sum, result) => sum + result.errors + result.non2xx, 0);
    const layoutSummary = (layout: Layout) => ({
      searchRequestsPerSecond: medianOf(layout, 'search'),
      chatRequestsPerSecond: medianOf(layout, 'chat'),
      searchCpu: cpuOf(layout, 'search'),
      chatCpu: cpuOf(layout, 'chat'),
    });

    const cache = await benchAnswerCache(shared, fake, questions, services, { questions: options.cacheQuestions, pacedQuestions: options.pacedQuestions });
    return {
      seconds: options.seconds,
      rounds: ROUNDS,
      connections: 50,
      cores,
      oneReplica: layoutSummary('one'),
      threeReplicas: layoutSummary('three'),
      threeReplicasWithoutThread: layoutSummary('threeWithoutThread'),
      searchThreeVsOne: ratio('three', 'search'),
      chatThreeVsOne: ratio('three', 'chat'),
      searchThreeWithoutThreadVsOne: ratio('threeWithoutThread', 'search'),
      chatThreeWithoutThreadVsOne: ratio('threeWithoutThread', 'chat'),
      everyRound: rounds,
      failures,
      cache,
    };
  } finally {
    for (const service of services.reverse()) await service.stop(service.name.startsWith('nginx') ? 'SIGQUIT' : 'SIGTERM');
    await fake.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The pace of a hosted model, for the second cache figure: 300 ms to the first token, then 30 tokens a
 * second. Assumed, not measured here (no network): published figures for small hosted models are about
 * 0.3–0.6 s to the first token and 40–100 tokens a second, so this is at the slow end, which makes a
 * miss slower and the ratio smaller; an instant model gives the other bound.
 */
const PACE = { firstTokenMs: 300, tokensPerSecond: 30 };
/** A short cited answer of four sentences (about 70 tokens); a real answer is often longer, and slower still. */
const PACED_ANSWER =
  '新质生产力的显著特点是创新[1]。它既包括技术和业态模式层面的创新，也包括管理和制度层面的创新[1]。发展新质生产力，必须继续做好创新这篇大文章[1]。要推动新兴产业加快发展，前瞻布局未来产业[1]。';

/** A fake model that answers at once, or at a hosted model's pace while `paced` is set. */
async function startPacedFakeModel() {
  const state = { paced: false };
  const server = await startFakeOpenAIServer(async (request, response) => {
    if (!state.paced) return chatResponse(request, response, '新质生产力的显著特点是创新[1]。');
    const tokens = countTokens(PACED_ANSWER);
    const pieces = PACED_ANSWER.match(/[\s\S]{1,2}/gu) ?? [];
    const gapMs = (tokens / PACE.tokensPerSecond / pieces.length) * 1000;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    await sleep(PACE.firstTokenMs);
    response.write(chatChunk({ role: 'assistant', content: '' }));
    for (const piece of pieces) {
      response.write(chatChunk({ content: piece }));
      await sleep(gapMs);
    }
    response.write(chatChunk({}, 'stop'));
    response.write(
      `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: 'fake-chat', choices: [], usage: { prompt_tokens: 1000, completion_tokens: tokens, total_tokens: 1000 + tokens } })}\n\n`,
    );
    response.end('data: [DONE]\n\n');
  });
  return Object.assign(server, { state });
}

/**
 * LLM mode, one replica: each question asked twice on one kept-alive connection, so the second answer comes
 * from the cache; first with the fake model answering at once (a miss then costs only the service's own
 * work), then at a hosted model's pace (PACE). Latency to the whole response, at the client and in the
 * replica's request log.
 */
async function benchAnswerCache(
  shared: Record<string, string>,
  fake: Awaited<ReturnType<typeof startPacedFakeModel>>,
  questions: readonly string[],
  services: Service[],
  options: { questions: number; pacedQuestions: number },
) {
  const llmPort = await freePort();
  // Its request log gives the server's own time for each answer, apart from the client's.
  const llmReplica = await startReplica('LLM replica', {
    port: llmPort,
    environment: { ...shared, LOG_LEVEL: 'info', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench', LLM_MAX_RETRIES: '0' },
  });
  services.push(llmReplica);
  // A second replica, asked third: a hit on a replica that did not make the answer, as most are behind nginx.
  const otherPort = await freePort();
  const otherReplica = await startReplica('other LLM replica', {
    port: otherPort,
    environment: { ...shared, LOG_LEVEL: 'info', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench', LLM_MAX_RETRIES: '0' },
  });
  services.push(otherReplica);
  const chatUrl = `http://127.0.0.1:${llmPort}/api/chat`;
  const otherUrl = `http://127.0.0.1:${otherPort}/api/chat`;
  // One kept-alive connection to each, as a browser's: the figures are of answers, not of TCP handshakes.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const otherAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answerTimes = (replica: Service) =>
    replica.output
      .split('\n')
      .filter((line) => line.includes('"path":"/api/chat"') && line.includes('"statusCode":200') && line.includes('responseTimeMs'))
      .map((line) => (JSON.parse(line) as { responseTimeMs: number }).responseTimeMs);
  const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });
  let mislabelled = 0;
  const logged = { own: 0, other: 0 };
  /**
   * Asks each question of the first replica twice (a miss, then a hit), then of the other (a hit made
   * elsewhere); the first `warmUp` questions compile the code paths and are not counted.
   */
  const askTwice = async (asked: readonly string[], warmUp: number) => {
    const miss: number[] = [];
    const hit: number[] = [];
    const hitOnOther: number[] = [];
    for (const [index, question] of asked.entries()) {
      const body = { messages: [{ role: 'user', content: question }] };
      for (const [times, label, url, connection] of [
        [miss, 'miss', chatUrl, agent],
        [hit, 'hit', chatUrl, agent],
        [hitOnOther, 'hit', otherUrl, otherAgent],
      ] as const) {
        const result = await send(url, { body, agent: connection });
        if (result.headers['x-speechcite-cache'] !== label) mislabelled++;
        if (index >= warmUp) times.push(result.endedAt - result.startedAt);
      }
    }
    // Request-log lines of /api/chat in order: on the first replica a miss then a hit for each question.
    await sleep(100);
    const ownTimes = answerTimes(llmReplica).slice(logged.own);
    const otherTimes = answerTimes(otherReplica).slice(logged.other);
    logged.own += ownTimes.length;
    logged.other += otherTimes.length;
    const counted = ownTimes.slice(2 * warmUp);
    const serverMiss = counted.filter((_time, index) => index % 2 === 0);
    const serverHit = counted.filter((_time, index) => index % 2 === 1);
    const serverHitOnOther = otherTimes.slice(warmUp);
    return {
      questions: miss.length,
      missMs: summary(miss),
      hitMs: summary(hit),
      hitVsMiss: round(percentile(hit, 50) / percentile(miss, 50)),
      hitOnOtherMs: summary(hitOnOther),
      hitOnOtherVsMiss: round(percentile(hitOnOther, 50) / percentile(miss, 50)),
      // The same, as the replicas' request logs time them: without the client's connection and scheduling.
      serverMissMs: summary(serverMiss),
      serverHitMs: summary(serverHit),
      serverHitVsMiss: round(percentile(serverHit, 50) / percentile(serverMiss, 50)),
      serverHitOnOtherMs: summary(serverHitOnOther),
      serverHitOnOtherVsMiss: round(percentile(serverHitOnOther, 50) / percentile(serverMiss, 50)),
    };
  };
  const instant = await askTwice(questions.slice(0, options.questions), 10);
  // The floor under any answer: a question refused by validation (400) passes the same HTTP stack and
  // the same shared rate-limit check, and is answered with a small JSON error and no cache lookup.
  const floor: number[] = [];
  for (let index = 0; index < 120; index++) {
    const result = await send(chatUrl, { body: { messages: [] }, agent });
    if (index >= 20) floor.push(result.endedAt - result.startedAt);
  }
  fake.state.paced = true;
  const paced = await askTwice(questions.slice(options.questions, options.questions + options.pacedQuestions), 0);
  fake.state.paced = false;
  agent.destroy();
  otherAgent.destroy();
  return { ...instant, refusedByValidationMs: summary(floor), paced: { ...paced, pace: PACE }, mislabelled };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// `npx tsx bench/cluster.ts [seconds] [cacheQuestions] [pacedQuestions]`: this benchmark alone, on the real corpus.
if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-cluster-only-'));
  try {
    const indexDir = path.join(workDir, 'index');
    await prepareIndex(loadConfig({ INDEX_DIR: indexDir, EMBEDDER: 'local' }));
    const answerable = (await readFile(path.join(REPOSITORY_ROOT, 'eval', 'gold.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { q: string; type: string })
      .filter((entry) => entry.type !== 'oos' && entry.type !== 'inject')
      .map((entry) => entry.q);
    const [seconds, cacheQuestions, pacedQuestions] = [3, 40, 10].map((fallback, index) => Number(process.argv[2 + index] ?? fallback));
    process.stdout.write(
      `${JSON.stringify(await benchCluster(indexDir, answerable, { seconds: seconds!, cacheQuestions: cacheQuestions!, pacedQuestions: pacedQuestions! }))}\n`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
