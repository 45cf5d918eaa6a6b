// Several replicas behind nginx (deploy/nginx.conf), sharing Redis: throughput of three replicas
// against one behind the same nginx configuration, in turns within one run, for /api/search and
// offline /api/chat; and in LLM mode, with the fake model answering at once, the latency of an answer
// served from the shared cache against the same answer made afresh. Skipped without redis-server and nginx.
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chatResponse, startFakeOpenAIServer } from '../test/support/fake-openai-server.ts';
import { freePort, programPath, send, startNginx, startRedis, startReplica, type Service } from '../test/support/cluster.ts';
import { load, median, type LoadResult } from './server-load.ts';
import { percentile, round } from './stats.ts';

const ROUNDS = 3;
const WARM_UP_SECONDS = 3;

export async function benchCluster(indexDir: string, questions: readonly string[], options: { seconds: number; cacheQuestions: number }) {
  if (!programPath('redis-server') || !programPath('nginx')) return null;
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-cluster-bench-'));
  const services: Service[] = [];
  const fake = await startFakeOpenAIServer((request, response) => chatResponse(request, response, '新质生产力的显著特点是创新[1]。'));
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
    const replicaPorts = await Promise.all([0, 1, 2].map(() => freePort()));
    // One at a time: three replicas loading at once on two cores take longer than three in a row.
    for (const [index, port] of replicaPorts.entries()) services.push(await startReplica(`replica ${index + 1}`, { port, environment: shared }));
    const onePort = await freePort();
    const threePort = await freePort();
    services.push(await startNginx(path.join(workDir, 'nginx-one'), onePort, replicaPorts.slice(0, 1), 'auto'));
    services.push(await startNginx(path.join(workDir, 'nginx-three'), threePort, replicaPorts, 'auto'));

    const routes = {
      search: { path: '/api/search', bodies: questions.map((query) => ({ query, k: 5 })) },
      chat: { path: '/api/chat', bodies: questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false })) },
    };
    const fronts = { one: `http://127.0.0.1:${onePort}`, three: `http://127.0.0.1:${threePort}` };
    for (const route of Object.values(routes)) for (const front of Object.values(fronts)) await load(front + route.path, route.bodies, WARM_UP_SECONDS);
    const rounds: Array<Record<'oneSearch' | 'threeSearch' | 'oneChat' | 'threeChat', LoadResult>> = [];
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push({
        oneSearch: await load(fronts.one + routes.search.path, routes.search.bodies, options.seconds),
        threeSearch: await load(fronts.three + routes.search.path, routes.search.bodies, options.seconds),
        oneChat: await load(fronts.one + routes.chat.path, routes.chat.bodies, options.seconds),
        threeChat: await load(fronts.three + routes.chat.path, routes.chat.bodies, options.seconds),
      });
    }
    const ratio = (route: 'Search' | 'Chat') =>
      round(median(rounds.map((entry) => entry[`three${route}`].requestsPerSecond / entry[`one${route}`].requestsPerSecond)));
    const medianOf = (key: keyof (typeof rounds)[number]) => Math.round(median(rounds.map((entry) => entry[key].requestsPerSecond)));
    const failures = rounds.flatMap((entry) => Object.values(entry)).reduce((sum, result) => sum + result.errors + result.non2xx, 0);

    // LLM mode: one more replica, asked each question twice; the second answer comes from the cache.
    const llmPort = await freePort();
    // Its request log gives the server's own time for each answer, apart from the client's.
    const llmReplica = await startReplica('LLM replica', {
      port: llmPort,
      environment: { ...shared, LOG_LEVEL: 'info', OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'sk-bench', LLM_MAX_RETRIES: '0' },
    });
    services.push(llmReplica);
    const chatUrl = `http://127.0.0.1:${llmPort}/api/chat`;
    // One kept-alive connection, as a browser's: the figures are of answers, not of TCP handshakes.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const miss: number[] = [];
    const hit: number[] = [];
    let mislabelled = 0;
    for (const [index, question] of questions.slice(0, options.cacheQuestions).entries()) {
      const body = { messages: [{ role: 'user', content: question }] };
      for (const [times, label] of [
        [miss, 'miss'],
        [hit, 'hit'],
      ] as const) {
        const result = await send(chatUrl, { body, agent });
        if (result.headers['x-speechcite-cache'] !== label) mislabelled++;
        // The first ten of each are a warm-up: LangChain's and the cache's code paths compiled.
        if (index >= 10) times.push(result.endedAt - result.startedAt);
      }
    }
    agent.destroy();
    const summary = (values: number[]) => ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)) });
    // Request-log lines of /api/chat in order: a miss then a hit for each question, the first ten of each a warm-up.
    const serverTimes = llmReplica.output
      .split('\n')
      .filter((line) => line.includes('"path":"/api/chat"') && line.includes('responseTimeMs'))
      .map((line) => (JSON.parse(line) as { responseTimeMs: number }).responseTimeMs)
      .slice(20);
    const serverMiss = serverTimes.filter((_time, index) => index % 2 === 0);
    const serverHit = serverTimes.filter((_time, index) => index % 2 === 1);
    return {
      seconds: options.seconds,
      rounds: ROUNDS,
      connections: 50,
      oneReplica: { searchRequestsPerSecond: medianOf('oneSearch'), chatRequestsPerSecond: medianOf('oneChat') },
      threeReplicas: { searchRequestsPerSecond: medianOf('threeSearch'), chatRequestsPerSecond: medianOf('threeChat') },
      searchThreeVsOne: ratio('Search'),
      chatThreeVsOne: ratio('Chat'),
      everyRound: rounds,
      failures,
      cache: {
        questions: miss.length,
        missMs: summary(miss),
        hitMs: summary(hit),
        hitVsMiss: round(percentile(hit, 50) / percentile(miss, 50)),
        // The same, as the replica's request log times them: without the client's connection and scheduling.
        serverMissMs: summary(serverMiss),
        serverHitMs: summary(serverHit),
        serverHitVsMiss: round(percentile(serverHit, 50) / percentile(serverMiss, 50)),
        mislabelled,
      },
    };
  } finally {
    for (const service of services.reverse()) await service.stop(service.name.startsWith('nginx') ? 'SIGQUIT' : 'SIGTERM');
    await fake.close();
    await rm(workDir, { recursive: true, force: true });
  }
}
