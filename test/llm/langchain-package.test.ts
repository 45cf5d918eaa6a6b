// The package as a LangChain application gets it: packed with `npm pack`, installed from the tarball
// into a new project offline, and run there in a LangChain chain over a real index.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { chatResponse, startFakeOpenAIServer } from '../support/fake-openai-server.ts';
import { REPOSITORY_ROOT, temporaryDirectory, testConfig } from '../support/temporary-index.ts';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The application: a retriever, a prompt, a chat model and a parser in one chain, plus the embeddings. */
const APPLICATION = `
import { SpeechciteLocalEmbeddings, SpeechciteRetriever } from 'speechcite/langchain';
import { StringOutputParser } from '@langchain/core/output_parsers';
import { PromptTemplate } from '@langchain/core/prompts';
import { RunnablePassthrough, RunnableSequence } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';

const indexDir = process.argv[2];
const retriever = await SpeechciteRetriever.fromIndexDir(indexDir, { k: 3 });
let prompted = '';
const prompt = PromptTemplate.fromTemplate('Sources:\\n{context}\\n\\nQuestion: {question}');
const chain = RunnableSequence.from([
  { context: retriever.pipe((documents) => documents.map((d) => \`[\${d.metadata.date}] \${d.pageContent}\`).join('\\n')), question: new RunnablePassthrough() },
  prompt,
  (value) => ((prompted = value.toString()), value),
  new FakeListChatModel({ responses: ['新质生产力的显著特点是创新[1]。'] }),
  new StringOutputParser(),
]);
const answer = await chain.invoke('新质生产力的显著特点是什么？');
const documents = await retriever.invoke('新质生产力的显著特点是什么？');
const embeddings = await SpeechciteLocalEmbeddings.fromIndexDir(indexDir);
const [query, same] = [await embeddings.embedQuery('新质生产力'), (await embeddings.embedDocuments(['新质生产力']))[0]];
await retriever.close();
console.log(JSON.stringify({ answer, prompted, documents: documents.map((d) => d.metadata), dimensions: query.length, sameVector: query.every((value, i) => value === same[i]) }));
`;

let indexDir: { path: string; remove: () => Promise<void> };
let work: string | undefined;

beforeAll(async () => {
  indexDir = await temporaryDirectory();
  await prepareIndex(testConfig(indexDir.path, { EMBEDDER: 'local' }));
}, 120_000);
afterAll(async () => {
  await indexDir.remove();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The README's example, as printed under "From a LangChain application". */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(REPOSITORY_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## From a LangChain application'));
  const example = /```js\n([\s\S]*?)```/u.exec(section)?.[1];
  if (!example) throw new Error('README.md: no js example under "From a LangChain application"');
  return example;
}

/** Skips with a reason where packing or installing offline cannot work here; under CI=true it fails instead. */
function unavailable(reason: string): never | undefined {
  if (process.env.CI === 'true') throw new Error(reason);
  console.warn(`skipped: ${reason}`);
  return undefined;
}

/**
 * The application depends on the tarball alone. Its lockfile pins the tarball and, from the repository's
 * lockfile, the versions speechcite runs with: `npm ci --offline` then installs from npm's cache, which
 * holds every one of them after the repository's own `npm ci`, without asking the registry anything.
 */
async function writeApplicationManifest(project: string, tarball: string): Promise<void> {
  const repositoryLock = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; link?: boolean }>;
  };
  const repositoryPackage = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  const resolved = `file:../${path.basename(tarball)}`;
  const integrity = `sha512-${createHash('sha512')
    .update(await readFile(tarball))
    .digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'langchain-application', dependencies: { speechcite: resolved } },
    'node_modules/speechcite': { version: repositoryPackage.version, resolved, integrity, dependencies: repositoryPackage.dependencies },
  };
  for (const [key, entry] of Object.entries(repositoryLock.packages)) if (key !== '' && !entry.dev && !entry.link) packages[key] = entry;
  await writeFile(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'langchain-application', private: true, type: 'module', dependencies: { speechcite: resolved } }),
  );
  await writeFile(path.join(project, 'package-lock.json'), JSON.stringify({ name: 'langchain-application', lockfileVersion: 3, requires: true, packages }));
}

describe('the speechcite/langchain package', () => {
  it('installs from its tarball offline and runs a LangChain chain over the local index', async (context) => {
    // dist/ is built by `npm run build` (npm test builds it first).
    if (!existsSync(path.join(REPOSITORY_ROOT, 'dist', 'langchain', 'index.js'))) await run(npm, ['run', 'build', '--silent'], { cwd: REPOSITORY_ROOT });
    // Inside the repository's node_modules, so that native addons built for this machine (hnswlib-node)
    // are found there; everything else comes from the tarball's own install.
    const cache = path.join(REPOSITORY_ROOT, 'node_modules', '.cache');
    await mkdir(cache, { recursive: true });
    work = await mkdtemp(path.join(cache, 'speechcite-pack-test-'));
    let tarball: string;
    try {
      const { stdout } = await run(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
        cwd: REPOSITORY_ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
      tarball = path.join(work, stdout.trim().split('\n').at(-1)!);
    } catch (error) {
      unavailable(`npm pack failed: ${(error as Error).message}`);
      return context.skip();
    }
    const project = path.join(work, 'application');
    await mkdir(project);
    await writeApplicationManifest(project, tarball);
    try {
      await run(npm, ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: project, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 });
    } catch (error) {
      unavailable(
        `npm ci --offline from the tarball failed (the npm cache lacks a dependency? run npm ci in the repository first): ${(error as Error).message.split('\n')[0]}`,
      );
      return context.skip();
    }
    // The addon installed without its build step; the one npm ci built for this machine is used instead.
    await rm(path.join(project, 'node_modules', 'hnswlib-node'), { recursive: true, force: true });

    const installed = path.join(project, 'node_modules', 'speechcite');
    const declarations = await readFile(path.join(installed, 'dist', 'langchain', 'speechcite-retriever.d.ts'), 'utf8');
    expect(declarations).toMatch(/export declare class SpeechciteRetriever extends BaseRetriever<SpeechciteDocumentMetadata>/u);
    const packageJson = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8'));
    expect(packageJson.exports['./langchain'].types).toBe('./dist/langchain/index.d.ts');

    await writeFile(path.join(project, 'application.mjs'), APPLICATION);
    const { stdout } = await run(process.execPath, ['application.mjs', indexDir.path], { cwd: project, timeout: 60_000 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result.answer).toBe('新质生产力的显著特点是创新[1]。');
    expect(result.documents).toHaveLength(3);
    // The definition, spoken on 31 January 2024, is what the question asks for.
    expect(result.documents[0]).toMatchObject({ date: '2024-01-31', occasion: '在二十届中央政治局第十一次集体学习时的讲话' });
    expect(result.documents[0].bestSentence).toContain('显著特点是创新');
    expect(result.prompted).toContain('[2024-01-31] ');
    expect(result.prompted).toContain('Question: 新质生产力的显著特点是什么？');
    expect(result.dimensions).toBe(256);
    expect(result.sameVector).toBe(true);

    // The README's example runs as printed, in the same project: its index in ./index, its model an
    // OpenAI-compatible server named by the environment (here a scripted one on 127.0.0.1).
    const fake = await startFakeOpenAIServer((request, response) => chatResponse(request, response, '新质生产力的显著特点是创新[1]。'));
    try {
      await symlink(indexDir.path, path.join(project, 'index'), 'dir');
      await writeFile(path.join(project, 'readme-example.mjs'), await readmeExample());
      const printed = await run(process.execPath, ['readme-example.mjs'], {
        cwd: project,
        timeout: 60_000,
        env: { ...process.env, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL },
      });
      expect(printed.stdout.trim()).toBe('新质生产力的显著特点是创新[1]。');
      expect(fake.requests).toHaveLength(1);
      const sent = JSON.stringify(fake.requests[0]!.body.messages);
      expect(sent).toContain('[2024-01-31 在二十届中央政治局第十一次集体学习时的讲话] ');
      expect(sent).toContain('新质生产力的显著特点是什么？');
    } finally {
      await fake.close();
    }
  }, 300_000);
});
