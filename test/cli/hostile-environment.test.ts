// The command line and the server's start where the environment is against them: a port already
// taken, a reader that stops early, output piped into a JSON parser.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../support/run-process.ts';
import { REPOSITORY_ROOT, temporaryDirectory } from '../support/temporary-index.ts';

const QUESTION = '新质生产力的显著特点是什么？';
let indexDir: Awaited<ReturnType<typeof temporaryDirectory>>;
beforeAll(async () => {
  indexDir = await temporaryDirectory();
});
afterAll(() => indexDir.remove());

/** Runs a command under bash (pipes and all) in the repository, offline, with a test index. */
async function run(command: string, environment: Record<string, string> = {}) {
  return runProcess('bash', ['-o', 'pipefail', '-c', command], {
    cwd: REPOSITORY_ROOT,
    env: {
      ...process.env,
      INDEX_DIR: indexDir.path,
      DATA_DIR: indexDir.path,
      LOG_LEVEL: 'silent',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      EMBEDDER: 'local',
      ...environment,
    },
  });
}

const CLI = 'node --import tsx src/cli/main.ts';

describe('the command line', () => {
  it('says which port is taken and how to choose another', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const { port } = holder.address() as { port: number };
    try {
      const { code, stdout, stderr } = await run('node --import tsx src/server/main.ts', { PORT: String(port), HOST: '127.0.0.1' });
      expect(code).toBe(1);
      expect(stderr).toBe(
        `speechcite: port ${port} on 127.0.0.1 is already in use by another program: stop it, or choose another with PORT (e.g. PORT=${port + 1} npm start), or PORT=0 for any free port\n`,
      );
      expect(stdout).toBe('');
    } finally {
      holder.close();
    }
  }, 60_000);

  it('ends quietly when the reader stops early', async () => {
    // `head -c 0` exits before reading anything, so every write of the command meets a closed pipe.
    for (const pipeline of [`${CLI} ask "${QUESTION}" | head -c 0`, `${CLI} search "绿色发展" | head -c 0`]) {
      const { code, stderr } = await run(pipeline);
      expect({ pipeline, code, stderr: stderr.replace(/^Building the index: .*\n/mu, '') }).toEqual({ pipeline, code: 0, stderr: '' });
    }
  }, 60_000);

  it('writes --json output that a JSON parser reads whole', async () => {
    const { code, stdout } = await run(`${CLI} ask "${QUESTION}" --json`);
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    expect(answer.sources.length).toBeGreaterThan(0);
    expect(answer.answer).toMatch(/\[1\]/u);
  }, 60_000);
});
