// CPU time from /proc (Linux): what a set of processes used, with every thread and, for nginx, its
// workers; and how busy the whole machine was, so that a benchmark can say what other work took.
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** Clock ticks a second in /proc: USER_HZ, 100 on every Linux build in use. */
const TICKS_PER_SECOND = 100;

async function processTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // The command name, in parentheses, may hold spaces: the fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

async function childrenOf(pid: number): Promise<number[]> {
  const listed = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return listed.split(' ').filter(Boolean).map(Number);
}

/** CPU seconds used so far by these processes and their children (nginx's workers). */
export async function cpuSeconds(pids: readonly number[]): Promise<number> {
  let ticks = 0;
  for (const pid of pids) {
    ticks += await processTicks(pid);
    for (const child of await childrenOf(pid)) ticks += await processTicks(child);
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU seconds the whole machine has been busy (every core), from the first line of /proc/stat. */
export async function machineBusySeconds(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  // user, nice, system, idle, iowait, irq, softirq, steal: all but idle and iowait are busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.split(/\s+/u).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

export const cores = os.availableParallelism();
