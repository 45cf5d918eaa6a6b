// What recording questions for the owner's dashboard costs /api/chat: throughput (offline,
// stream:false, 50 connections each) of a server that records against one that does not, each in a
// process of its own (two servers in one process were measured 8% apart with neither recording),
// loaded at the same time: on this shared machine throughput swung between 200 and 700 req/s within
// a minute, and taking turns compared different moments; side by side, both see the same moment.
// The figure is the median of the rounds' ratios. Afterwards the recording server's own dashboard
// says how many answers it recorded.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { load, median } from './server-load.ts';

const WARM_UP_SECONDS = 3;
const ROUNDS = 5;

/** Starts one server process (`on` records, `off` does not) and reads the line it prints when ready. */
async function startTarget(indexDir: string, mode: 'on' | 'off', databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./recording-target.ts', import.meta.url).pathname, indexDir, mode, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited (${code}) before it was ready`)));
  });
  return { child, ...(JSON.parse(firstLine) as { url: string; adminToken: string; store: string }) };
}

export async function benchRecording(indexDir: string, seconds: number, databaseUrl = '') {
  const [off, on] = await Promise.all([startTarget(indexDir, 'off', databaseUrl), startTarget(indexDir, 'on', databaseUrl)]);
  const { url: offUrl } = off;
  const { url: onUrl, adminToken, store } = on;
  try {
    const questions = (await readFile(new URL('../eval/gold.jsonl', import.meta.url), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { q: string }).q);
    const bodies = questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false }));
    await load(`${offUrl}/api/chat`, bodies, WARM_UP_SECONDS);
    await load(`${onUrl}/api/chat`, bodies, WARM_UP_SECONDS);
    const rounds: Array<{ off: Awaited<ReturnType<typeof load>>; on: Awaited<ReturnType<typeof load>> }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [off, on] = await Promise.all([load(`${offUrl}/api/chat`, bodies, seconds), load(`${onUrl}/api/chat`, bodies, seconds)]);
      rounds.push({ off, on });
    }
    const answered = rounds.reduce((total, round) => total + round.on.requestsPerSecond * seconds, 0);
    const report = (await (await fetch(`${onUrl}/admin/api/report?days=7`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as {
      totals: { questions: number };
    };
    return {
      store,
      connections: 50,
      seconds,
      rounds: rounds.length,
      offRequestsPerSecond: median(rounds.map((round) => round.off.requestsPerSecond)),
      onRequestsPerSecond: median(rounds.map((round) => round.on.requestsPerSecond)),
      throughputOnVsOff: Math.round(median(rounds.map((round) => round.on.requestsPerSecond / round.off.requestsPerSecond)) * 1000) / 1000,
      latencyP99Ms: { off: median(rounds.map((round) => round.off.latencyMs.p99)), on: median(rounds.map((round) => round.on.latencyMs.p99)) },
      errors: rounds.reduce((total, round) => total + round.off.errors + round.on.errors + round.off.non2xx + round.on.non2xx, 0),
      // Every answer the recording server gave (warm-up included), as its own dashboard counts them.
      recordedQuestions: report.totals.questions,
      answeredWhileMeasured: Math.round(answered),
      everyRound: rounds,
    };
  } finally {
    off.child.kill('SIGTERM');
    on.child.kill('SIGTERM');
  }
}
