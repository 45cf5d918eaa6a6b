// The mixed corpus (every accepted layout and file type, and one bad file) ingested in one run, and
// where each document's Chinese and English question ranks it, and whether a question naming a speaker
// finds that speaker's excerpts only. Needs Debian's Chromium, which prints
// the corpus's PDF. Usage: npx tsx bench/mixed-corpus.ts; prints one line a question, then a JSON summary.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import type { SearchIndex } from '../src/index/search-index.ts';
import { HybridRetriever } from '../src/retrieval/hybrid-retriever.ts';
import { prepareIndex } from '../src/setup/prepare-index.ts';
import { launchChromium } from '../test/support/chromium-launch.ts';
import { writeMixedCorpus } from '../test/support/mixed-corpus.ts';

const workDir = await mkdtemp(path.join(tmpdir(), 'speechcite-mixed-'));
try {
  const corpusDir = path.join(workDir, 'corpus');
  await import('node:fs/promises').then(({ mkdir }) => mkdir(corpusDir));
  const browser = await launchChromium();
  const corpus = await writeMixedCorpus(corpusDir, async (html) => {
    const page = await browser.newPage();
    await page.setContent(html);
    return Buffer.from(await page.pdf({ format: 'A5' }));
  }).finally(() => browser.close());

  const started = performance.now();
  const prepared = await prepareIndex(loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(workDir, 'index'), EMBEDDER: 'local', ANALYTICS: 'false' }));
  const ingestMs = performance.now() - started;
  const index = prepared.index as SearchIndex;
  for (const failure of prepared.skipped) process.stdout.write(`left out: ${failure.message.slice(0, 120)}…\n`);

  const retriever = new HybridRetriever(index);
  const ranks: Record<'zh' | 'en', number[]> = { zh: [], en: [] };
  for (const document of corpus.documents) {
    for (const language of ['zh', 'en'] as const) {
      const { results } = await retriever.retrieve(document.questions[language], { k: 10 });
      const position = results.findIndex((result) => result.excerpt.documentId === document.documentId);
      const rank = position < 0 ? Number.POSITIVE_INFINITY : position + 1;
      ranks[language].push(rank);
      process.stdout.write(`${language} ${document.file.padEnd(22)} rank ${Number.isFinite(rank) ? rank : '>10'}  ${document.questions[language]}\n`);
    }
  }
  // A question naming a speaker cites that speaker only. The English names are written here by hand,
  // as a reader writes them, not made by the service's own romanizer.
  const ENGLISH_NAMES: Record<string, string> = {
    李华: 'Li Hua',
    王芳: 'Wang Fang',
    张伟: 'Zhang Wei',
    陈静: 'Chen Jing',
    赵强: 'Zhao Qiang',
    刘洋: 'Liu Yang',
  };
  const speakerChecks: boolean[] = [];
  for (const speaker of new Set(corpus.documents.map((document) => document.speaker))) {
    const english = ENGLISH_NAMES[speaker];
    for (const question of [`${speaker}讲了什么？`, ...(english ? [`What did ${english} say?`] : [])]) {
      const { results } = await retriever.retrieve(question, { k: 10 });
      const speakers = [...new Set(results.map((result) => result.excerpt.speaker))];
      const onlyThem = results.length > 0 && speakers.length === 1 && speakers[0] === speaker;
      speakerChecks.push(onlyThem);
      process.stdout.write(`speaker ${speaker} ${onlyThem ? 'only' : `MIXED ${speakers.join('/')}`} (${results.length} results)  ${question}\n`);
    }
  }
  const firsts = (list: number[]) => list.filter((rank) => rank === 1).length;
  process.stdout.write(
    `${JSON.stringify({
      files: corpus.documents.length + 1,
      published: index.documents.length,
      leftOut: prepared.skipped.map((failure) => failure.file),
      ingestMs: Math.round(ingestMs),
      chineseFirst: `${firsts(ranks.zh)}/${ranks.zh.length}`,
      englishFirst: `${firsts(ranks.en)}/${ranks.en.length}`,
      speakerQuestionsCitingOnlyThatSpeaker: `${speakerChecks.filter(Boolean).length}/${speakerChecks.length}`,
    })}\n`,
  );
} finally {
  await rm(workDir, { recursive: true, force: true });
}
