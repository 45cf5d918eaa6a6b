// A child process run to its end, with everything it wrote: for tests that judge a command by its
// exit code and output, whatever the code (execFile would reject on a non-zero one).
import { spawn, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

export async function runProcess(command: string, args: readonly string[], options: Pick<SpawnOptions, 'cwd' | 'env'>) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
