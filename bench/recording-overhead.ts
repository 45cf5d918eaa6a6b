// What recording questions for the owner's dashboard costs /api/chat (offline, stream:false, 50
// connections). Each block starts three fresh servers of the same build, each in a process of its own:
// one records (`on`), two do not (`off` and `control`). Fresh ones, because two identical processes
// stay apart by up to 10 % in CPU per answer for their whole life (JIT and heap layout), which a
// median over rounds of the same processes cannot remove. The same questions are sent to each, one
// server at a time, in rounds ordered a b c c b a (the roles rotated from block to block), so that the
// machine's drift falls on all three alike. Per block, two comparisons:
// - throughput of `on` against the mean of the two that do not record, and of `control` against
//   `off`: the noise floor, what two servers that do the same work differ by here;
// - CPU time per answer, each server's own from /proc over its rounds: a process is not charged for
//   time spent waiting for a core, so this moves less than throughput when other work shares the
//   machine. After each round the bench waits until the recorder has written its last batch, so that
//   the write is charged to the server that made it, and not to the next round's server.
// The figures are the medians over blocks, with their range. The recording server's own dashboard
// says how many answers it recorded.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../src/config/config.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { cpuSeconds } from './cpu-time.ts';
import { load, median, type LoadResult } from './server-load.ts';
import { round } from './stats.ts';

const WARM_UP_SECONDS = 3;
// Longer than the recorder's flush interval (1 s) plus the write of a batch.
const SETTLE_MS = 1500;
const CONNECTIONS = 50;

type Role = 'on' | 'off' | 'control';
const ROLES: readonly Role[] = ['on', 'off', 'control'];

/** Starts one server process (`on` records, the others do not) and reads the line it prints when ready. */
async function startTarget(indexDir: string, role: Role, databaseUrl: string) {
  const mode = role === 'on' ? 'on' : 'off';
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./recording-target.ts', import.meta.url).pathname, indexDir, mode, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the ${role} server exited (${code}) before it was ready`)));
  });
  return { role, child, ...(JSON.parse(firstLine) as { url: string; adminToken: string; store: string }) };
}

/** Block `index`'s order: the three roles rotated by `index`, then the same in reverse. */
export function blockOrder(index: number): Role[] {
  const rotated = ROLES.map((_, position) => ROLES[(position + index) % ROLES.length]!);
  return [...rotated, ...[...rotated].reverse()];
}

interface Measured {
  load: LoadResult;
  /** CPU seconds the server used from the start of its round to the end of the settle after it. */
  cpuSeconds: number;
}

/** Throughput and CPU per answer of one role over its rounds in a block. */
function summarise(rounds: readonly Measured[], seconds: number) {
  const completed = rounds.reduce((total, measured) => total + measured.load.completed, 0);
  const cpu = rounds.reduce((total, measured) => total + measured.cpuSeconds, 0);
  return { requestsPerSecond: completed / (seconds * rounds.length), cpuMsPerAnswer: (cpu * 1000) / completed, completed };
}

const spread = (values: readonly number[]) => ({ median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)) });

/** Answers in the recording server's dashboard over the last week. */
async function recordedAnswers({ url, adminToken }: { url: string; adminToken: string }): Promise<number> {
  const response = await fetch(`${url}/admin/api/report?days=7`, { headers: { authorization: `Bearer ${adminToken}` } });
  return ((await response.json()) as { totals: { questions: number } }).totals.questions;
}

/** Sends SIGTERM and waits until the process has gone, so that it takes no CPU from the next block. */
async function stopTarget(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One block: three fresh servers, each warmed up, then loaded in turn in the block's order. */
async function runBlock(indexDir: string, databaseUrl: string, bodies: readonly unknown[], seconds: number, index: number) {
  const order = blockOrder(index);
  const servers = await Promise.all(ROLES.map((role) => startTarget(indexDir, role, databaseUrl)));
  const server = (role: Role) => servers.find((candidate) => candidate.role === role)!;
  try {
    // A PostgreSQL database outlives the block's servers: count what this block adds.
    const recordedBefore = await recordedAnswers(server('on'));
    let warmUpAnswers = 0;
    for (const role of order.slice(0, ROLES.length)) {
      const warmUp = await load(`${server(role).url}/api/chat`, bodies, WARM_UP_SECONDS);
      if (role === 'on') warmUpAnswers = warmUp.completed;
    }
    await sleep(SETTLE_MS);
    const measured: Record<Role, Measured[]> = { on: [], off: [], control: [] };
    for (const role of order) {
      const { child, url } = server(role);
      const before = await cpuSeconds([child.pid!]);
      const result = await load(`${url}/api/chat`, bodies, seconds);
      await sleep(SETTLE_MS);
      measured[role].push({ load: result, cpuSeconds: (await cpuSeconds([child.pid!])) - before });
    }
    const [on, off, control] = ROLES.map((role) => summarise(measured[role], seconds)) as [
      ReturnType<typeof summarise>,
      ReturnType<typeof summarise>,
      ReturnType<typeof summarise>,
    ];
    const offMean = (pick: (figures: typeof on) => number) => (pick(off) + pick(control)) / 2;
    const recorded = (await recordedAnswers(server('on'))) - recordedBefore;
    return {
      store: server('on').store,
      order,
      requestsPerSecond: { on: Math.round(on.requestsPerSecond), off: Math.round(off.requestsPerSecond), control: Math.round(control.requestsPerSecond) },
      cpuMsPerAnswer: { on: round(on.cpuMsPerAnswer), off: round(off.cpuMsPerAnswer), control: round(control.cpuMsPerAnswer) },
      throughputOnVsOff: round(on.requestsPerSecond / offMean((figures) => figures.requestsPerSecond)),
      throughputControlVsOff: round(control.requestsPerSecond / off.requestsPerSecond),
      cpuOnVsOff: round(on.cpuMsPerAnswer / offMean((figures) => figures.cpuMsPerAnswer)),
      cpuControlVsOff: round(control.cpuMsPerAnswer / off.cpuMsPerAnswer),
      latencyP99Ms: {
        on: median(measured.on.map((one) => one.load.latencyMs.p99)),
        off: median([...measured.off, ...measured.control].map((one) => one.load.latencyMs.p99)),
      },
      failures: ROLES.flatMap((role) => measured[role]).reduce((total, one) => total + one.load.errors + one.load.non2xx, 0),
      // Every answer the recording server gave (warm-up included), against what its own dashboard counts.
      answeredWhileRecording: warmUpAnswers + on.completed,
      recordedQuestions: recorded,
    };
  } finally {
    await Promise.all(servers.map(({ child }) => stopTarget(child)));
  }
}

/**
 * @example const result = await benchRecording(indexDir, { seconds: 5, blocks: 6 }) // result.throughputOnVsOff
 */
export async function benchRecording(indexDir: string, options: { seconds: number; blocks: number }, databaseUrl = '') {
  const { seconds, blocks } = options;
  const questions = (await readFile(new URL('../eval/gold.jsonl', import.meta.url), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { q: string }).q);
  const bodies = questions.map((content) => ({ messages: [{ role: 'user', content }], stream: false }));
  const everyBlock = [];
  for (let index = 0; index < blocks; index++) everyBlock.push(await runBlock(indexDir, databaseUrl, bodies, seconds, index));
  const throughputOnVsOff = spread(everyBlock.map((block) => block.throughputOnVsOff));
  return {
    store: everyBlock[0]?.store ?? 'none',
    connections: CONNECTIONS,
    seconds,
    blocks,
    roundsPerServer: 2 * blocks,
    onRequestsPerSecond: Math.round(median(everyBlock.map((block) => block.requestsPerSecond.on))),
    offRequestsPerSecond: Math.round(median(everyBlock.map((block) => (block.requestsPerSecond.off + block.requestsPerSecond.control) / 2))),
    // The target's figure: the median over blocks of the recording server's throughput against the mean of the two that do not record.
    throughputOnVsOff: throughputOnVsOff.median,
    throughput: { onVsOff: throughputOnVsOff, controlVsOff: spread(everyBlock.map((block) => block.throughputControlVsOff)) },
    cpuMsPerAnswer: {
      on: round(median(everyBlock.map((block) => block.cpuMsPerAnswer.on))),
      off: round(median(everyBlock.map((block) => (block.cpuMsPerAnswer.off + block.cpuMsPerAnswer.control) / 2))),
      onVsOff: spread(everyBlock.map((block) => block.cpuOnVsOff)),
      controlVsOff: spread(everyBlock.map((block) => block.cpuControlVsOff)),
    },
    latencyP99Ms: { on: median(everyBlock.map((block) => block.latencyP99Ms.on)), off: median(everyBlock.map((block) => block.latencyP99Ms.off)) },
    errors: everyBlock.reduce((total, block) => total + block.failures, 0),
    recordedQuestions: everyBlock.reduce((total, block) => total + block.recordedQuestions, 0),
    answeredWhileRecording: everyBlock.reduce((total, block) => total + block.answeredWhileRecording, 0),
    everyBlock,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// `npx tsx bench/recording-overhead.ts [seconds] [blocks] [DATABASE_URL]`: this benchmark alone, on the real corpus.
if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'speechcite-recording-only-'));
  try {
    const indexDir = path.join(workDir, 'index');
    await prepareIndex(loadConfig({ INDEX_DIR: indexDir, EMBEDDER: 'local' }));
    const [seconds = 5, blocks = 6] = process.argv.slice(2, 4).map(Number);
    process.stdout.write(`${JSON.stringify(await benchRecording(indexDir, { seconds, blocks }, process.argv[4] ?? ''))}\n`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
