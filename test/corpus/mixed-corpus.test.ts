// The mixed corpus (every layout and file type, one bad file) ingested in one run, as `npm run ingest`
// builds it: the bad file is reported and left out, the others are published, and each document's
// Chinese and English questions find it first (English through CC-CEDICT; the corpus has no profile).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import type { SearchIndex } from '../../src/index/search-index.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { type PreparedIndex, prepareIndex } from '../../src/setup/prepare-index.ts';
import { browserSuite, launchChromium } from '../support/chromium.ts';
import { type MixedCorpus, writeMixedCorpus } from '../support/mixed-corpus.ts';
import { temporaryDirectory } from '../support/temporary-index.ts';

browserSuite('the mixed corpus (its PDF is printed by Chromium)')('the mixed corpus', () => {
  let corpus: MixedCorpus;
  let prepared: PreparedIndex;
  let index: SearchIndex;
  const folders: Array<{ remove: () => Promise<void> }> = [];

  beforeAll(async () => {
    const corpusDir = await temporaryDirectory('speechcite-mixed-corpus-');
    const indexDir = await temporaryDirectory('speechcite-mixed-index-');
    folders.push(corpusDir, indexDir);
    const browser = await launchChromium();
    try {
      corpus = await writeMixedCorpus(corpusDir.path, async (html) => {
        const page = await browser.newPage();
        await page.setContent(html);
        return Buffer.from(await page.pdf({ format: 'A5' }));
      });
    } finally {
      await browser.close();
    }
    prepared = await prepareIndex(loadConfig({ CORPUS_DIR: corpusDir.path, INDEX_DIR: indexDir.path, EMBEDDER: 'local', ANALYTICS: 'false' }));
    index = prepared.index as SearchIndex;
  }, 120_000);
  afterAll(() => Promise.all(folders.map((folder) => folder.remove())));

  it('reports the bad file with its line and leaves it out, and publishes the six others', () => {
    expect(prepared.skipped.map((failure) => failure.file)).toEqual([corpus.badFile.file]);
    expect(prepared.skipped[0]!.message).toMatch(new RegExp(`^${corpus.badFile.file}:${corpus.badFile.line}: section 一 has no attribution`, 'u'));
    expect(index.documents.map((document) => document.id).sort()).toEqual(corpus.documents.map((document) => document.documentId).sort());
  });

  it('gives every document its title and speaker', () => {
    for (const expected of corpus.documents) {
      const document = index.documents.find((each) => each.id === expected.documentId)!;
      expect({ file: expected.file, title: document.title, speaker: document.author }).toEqual({
        file: expected.file,
        title: expected.title,
        speaker: expected.speaker,
      });
      const excerpts = index.excerpts.filter((excerpt) => excerpt.documentId === expected.documentId);
      expect(excerpts.length).toBeGreaterThan(0);
      for (const excerpt of excerpts) expect(excerpt).toMatchObject({ speaker: expected.speaker, documentTitle: expected.title });
    }
  });

  it('finds each document first for its Chinese and its English question', async () => {
    const retriever = new HybridRetriever(index);
    const found: string[] = [];
    for (const document of corpus.documents) {
      for (const language of ['zh', 'en'] as const) {
        const question = document.questions[language];
        const { results } = await retriever.retrieve(question);
        found.push(
          `${language} ${document.documentId}: ${results[0]?.excerpt.documentId === document.documentId ? 'first' : `not first (${results[0]?.excerpt.id})`} — ${question}`,
        );
      }
    }
    expect(found.filter((line) => !line.includes(': first —'))).toEqual([]);
  });
});
