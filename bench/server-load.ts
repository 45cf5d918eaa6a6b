// POST /api/search and POST /api/chat (offline, stream:false) under autocannon at 50 connections,
// against a bare Express JSON route measured in the same run. Requests cycle through every gold
// question, Chinese and English, rather than repeating one.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';

interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

function residentMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then((status) => Math.round(Number(/VmRSS:\s+(\d+)/u.exec(status)?.[1] ?? 0) / 1024));
}

/** Each request carries the next body in turn, so that the server sees many different questions. */
async function load(url: string, bodies: readonly unknown[], seconds: number): Promise<LoadResult> {
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
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function benchServer(indexDir: string, seconds: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./server-target.ts', import.meta.url).pathname, indexDir], { stdio: ['ignore', 'pipe', 'inherit'] });
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
    const bare = await load(`${bareUrl}/bare`, questions.map((query) => ({ query })), seconds);
    const search = await load(`${url}/api/search`, questions.map((query) => ({ query, k: 5 })), seconds);
    const chat = await load(`${url}/api/chat`, questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false })), seconds);
    const memoryAfterMb = await residentMb(child.pid!);
    return {
      connections: 50,
      seconds,
      bare,
      search: { ...search, throughputVsBare: Math.round((search.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000 },
      chat: { ...chat, throughputVsBare: Math.round((chat.requestsPerSecond / bare.requestsPerSecond) * 1000) / 1000 },
      memoryBeforeMb,
      memoryAfterMb,
    };
  } finally {
    child.kill('SIGTERM');
  }
}
