// `npm run ingest` with a file that does not parse: it is reported and left out, the rest is published
// and the command exits 1; --strict publishes nothing; --check builds nothing. The server at start
// does what ingest does and keeps serving.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { ACCEPTED_LAYOUTS } from '../../src/corpus/layouts.ts';
import { startServer } from '../../src/server/start-server.ts';
import { runProcess } from '../support/run-process.ts';
import { REPOSITORY_ROOT, temporaryDirectory } from '../support/temporary-index.ts';

const GOOD = '城市公交谈\n\n张伟\n\n一、公交优先\n\n城市公交要优先发展，公交车要有专用道。\n\n（2024年11月6日，杭州）\n';
const SECOND = '# 社区养老\n\n## 2025年1月15日 · 社区养老服务中心\n\n老年人要在社区里得到照顾。\n';
const BAD = '没有落款的讲话稿\n\n一\n\n这一节没有注明时间和场合。\n';
const BAD_LINE =
  'bad.txt:5: section 一 has no attribution; expected a line like （2024年1月31日在…的讲话） after its text, or one date for the whole document under its title or in its front matter';

let scratch: Awaited<ReturnType<typeof temporaryDirectory>>;
let corpusDir: string;
let goodCorpusDir: string;
beforeAll(async () => {
  scratch = await temporaryDirectory('speechcite-ingest-cli-');
  corpusDir = path.join(scratch.path, 'corpus');
  goodCorpusDir = path.join(scratch.path, 'good-corpus');
  for (const directory of [corpusDir, goodCorpusDir]) await mkdir(directory);
  await writeFile(path.join(corpusDir, 'transport.txt'), GOOD);
  await writeFile(path.join(corpusDir, 'elderly.md'), SECOND);
  await writeFile(path.join(corpusDir, 'bad.txt'), BAD);
  await writeFile(path.join(goodCorpusDir, 'transport.txt'), GOOD);
});
afterAll(() => scratch.remove());

async function ingest(args: string[], environment: Record<string, string>) {
  return runProcess(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ingest', ...args], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, EMBEDDER: 'local', ANALYTICS: 'false', LOG_LEVEL: 'silent', OPENAI_API_KEY: '', OPENAI_BASE_URL: '', ...environment },
  });
}

const indexFolder = async (name: string) => {
  const directory = path.join(scratch.path, name);
  return { INDEX_DIR: directory, list: () => readdir(directory).catch(() => [] as string[]) };
};

describe('npm run ingest', () => {
  it('publishes the files that parse, reports the one that does not, and exits 1, also when the index is up to date', async () => {
    const index = await indexFolder('index-partial');
    const report = `1 file(s) did not parse and was left out of the index (the other 2 were published):\n  ${BAD_LINE}\n${ACCEPTED_LAYOUTS}\n`;
    const first = await ingest([], { CORPUS_DIR: corpusDir, INDEX_DIR: index.INDEX_DIR });
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^Building the index: there is no index yet\.\n[\s\S]*Built 2 document\(s\), 2 excerpts/u);
    expect(first.stdout.endsWith(report)).toBe(true);
    expect(await index.list()).toContain('current');

    const again = await ingest([], { CORPUS_DIR: corpusDir, INDEX_DIR: index.INDEX_DIR });
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^Up to date: 2 document\(s\), 2 excerpts/u);
    expect(again.stdout.endsWith(report)).toBe(true);
  }, 120_000);

  it('with --strict publishes nothing when a file fails', async () => {
    const index = await indexFolder('index-strict');
    const { code, stdout, stderr } = await ingest(['--strict'], { CORPUS_DIR: corpusDir, INDEX_DIR: index.INDEX_DIR });
    expect(code).toBe(1);
    expect(stdout).not.toMatch(/Built/u);
    expect(stderr).toBe(`speechcite: 1 corpus file(s) did not parse, so nothing was published (--strict):\n  ${BAD_LINE}\n${ACCEPTED_LAYOUTS}\n`);
    expect(await index.list()).not.toContain('current');
  }, 120_000);

  it('with --check validates the corpus without building', async () => {
    const index = await indexFolder('index-check');
    const failing = await ingest(['--check'], { CORPUS_DIR: corpusDir, INDEX_DIR: index.INDEX_DIR });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe(
      `Checked 3 file(s) in ${corpusDir}: 2 parse, with 2 excerpts; nothing was built.\n1 file(s) did not parse and would be left out of the index:\n  ${BAD_LINE}\n${ACCEPTED_LAYOUTS}\n`,
    );
    const passing = await ingest(['--check'], { CORPUS_DIR: goodCorpusDir, INDEX_DIR: index.INDEX_DIR });
    expect({ code: passing.code, stdout: passing.stdout }).toEqual({
      code: 0,
      stdout: `Checked 1 file(s) in ${goodCorpusDir}: 1 parse, with 1 excerpts; nothing was built.\n`,
    });
    expect(await index.list()).toEqual([]);
  }, 120_000);
});

describe('the server at start', () => {
  it('serves the files that parse and logs the one it left out', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const printed: string[] = [];
    const config = loadConfig({
      CORPUS_DIR: corpusDir,
      INDEX_DIR: path.join(scratch.path, 'index-server'),
      EMBEDDER: 'local',
      ANALYTICS: 'false',
      RETRIEVAL_THREAD: 'false',
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_GRACE_MS: '1000',
    });
    const running = await startServer(config, { logger: pino({ level: 'info' }, sink), print: (line) => printed.push(line), environment: {} });
    try {
      await running.ready;
      const response = await fetch(`${running.url}/api/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '城市公交专用道', k: 3 }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { results: Array<{ id: string }> };
      expect(body.results[0]!.id).toMatch(/^transport/u);
      const warnings = lines.map((line) => JSON.parse(line) as { msg: string; file?: string; reason?: string }).filter((entry) => entry.file !== undefined);
      expect(warnings).toEqual([
        expect.objectContaining({ msg: 'a corpus file did not parse and was left out', file: 'bad.txt', reason: expect.stringContaining(BAD_LINE) }),
      ]);
      expect(printed).toContain('Left out 1 corpus file(s) that did not parse (see the log, or run `npm run ingest -- --check`).');
    } finally {
      await running.close();
    }
  }, 120_000);
});
