// What recording questions for the owner's dashboard costs /api/chat: throughput (offline,
// stream:false, 50 connections) of a server that records against one that does not, in the same
// process, taking turns for several rounds; the figure is the median of the rounds' ratios.
// Afterwards the recording server's dashboard must count every answer it gave, or the run fails.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { load, median } from './server-load.ts';

const WARM_UP_SECONDS = 3;
const ROUNDS = 5;

export async function benchRecording(indexDir: string, seconds: number, databaseUrl = '') {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./recording-target.ts', import.meta.url).pathname, indexDir, databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the servers under test exited (${code}) before they were ready`)));
  });
  const { offUrl, onUrl, adminToken, store } = JSON.parse(firstLine) as { offUrl: string; onUrl: string; adminToken: string; store: string };
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
      // Alternate which goes first, so that a drift in the machine's speed does not favour one side.
      const first = round % 2 === 0 ? 'off' : 'on';
      const a = await load(`${first === 'off' ? offUrl : onUrl}/api/chat`, bodies, seconds);
      const b = await load(`${first === 'off' ? onUrl : offUrl}/api/chat`, bodies, seconds);
      rounds.push(first === 'off' ? { off: a, on: b } : { off: b, on: a });
    }
    const answered = rounds.reduce((total, round) => total + round.on.requestsPerSecond * seconds, 0);
    const report = (await (await fetch(`${onUrl}/admin/api/report?days=7`, { headers: { authorization: `Bearer ${adminToken}` } })).json()) as { totals: { questions: number } };
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
    child.kill('SIGTERM');
  }
}
