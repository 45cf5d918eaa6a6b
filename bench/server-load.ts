// POST /api/search and POST /api/chat (offline, stream:false) under autocannon at 50 connections,
// against a bare Express JSON route measured in the same run. Requests cycle through every gold
// question, Chinese and English, rather than repeating one.
//
// Each route is warmed up first (untimed), so that the figures are of compiled code, not of the JIT.
// Then bare, search and chat take turns for several rounds, and each ratio is the median of the
// rounds' own ratios: on a shared machine the speed drifts within a minute, and a ratio of two runs
// taken side by side drifts much less than two absolute figures taken apart.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  /** Responses received in the run, of any status. */
  completed: number;
  latencyMs: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

const WARM_UP_SECONDS = 3;
const ROUNDS = 3;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function medianRound(results: readonly LoadResult[]): LoadResult {
  return [...results].sort((left, right) => left.requestsPerSecond - right.requestsPerSecond)[Math.floor(results.length / 2)]!;
}

function residentMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Math.round(Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? 0) / 1024));
}

/** Each request carries the next body in turn, so that the server sees many different questions. */
export async function load(url: string, bodies: readonly unknown[], seconds: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: 50,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(bodies[next++ % bodies.length]) }) }],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    completed: result.requests.total,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function benchServer(indexDir: string, seconds: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server-target.ts', import.meta.url).pathname, indexDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the server under test exited (${code}) before it was ready`)));
  });
  const { url, bareUrl } = JSON.parse(firstLine) as { url: string; bareUrl: string };
  try {
    const memoryBeforeMb = await residentMb(child.pid!);
    const questions = (await readFile(new URL('../eval/gold.jsonl', import.meta.url), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { q: string }).q);
    const routes: Record<'bare' | 'search' | 'chat', { url: string; bodies: unknown[] }> = {
      bare: { url: `${bareUrl}/bare`, bodies: questions.map((query) => ({ query })) },
      search: { url: `${url}/api/search`, bodies: questions.map((query) => ({ query, k: 5 })) },
      chat: { url: `${url}/api/chat`, bodies: questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false })) },
    };
    for (const route of Object.values(routes)) await load(route.url, route.bodies, WARM_UP_SECONDS);
    const rounds: Array<{ bare: LoadResult; search: LoadResult; chat: LoadResult }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const bare = await load(routes.bare.url, routes.bare.bodies, seconds);
      const search = await load(routes.search.url, routes.search.bodies, seconds);
      rounds.push({ bare, search, chat: await load(routes.chat.url, routes.chat.bodies, seconds) });
    }
    const memoryAfterMb = await residentMb(child.pid!);
    const ratio = (route: 'search' | 'chat') => median(rounds.map((round) => round[route].requestsPerSecond / round.bare.requestsPerSecond));
    return {
      connections: 50,
      seconds,
      warmUpSeconds: WARM_UP_SECONDS,
      rounds: rounds.length,
      // Each route's figures from its median round by throughput; every round is kept below.
      bare: medianRound(rounds.map((round) => round.bare)),
      search: { ...medianRound(rounds.map((round) => round.search)), throughputVsBare: Math.round(ratio('search') * 1000) / 1000 },
      chat: { ...medianRound(rounds.map((round) => round.chat)), throughputVsBare: Math.round(ratio('chat') * 1000) / 1000 },
      everyRound: rounds,
      memoryBeforeMb,
      memoryAfterMb,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
