// One corpus size, measured in a process of its own so that memory and load time are clean:
// ingest throughput, index bytes per vector, resident memory and load time, retrieval latency
// (hybrid and vector-only), and ANN recall@10 against exact search at the configured ef.
// Usage: node --import tsx bench/scale-one.ts <chunks> <work-dir>; prints one JSON line.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { loadConfig } from '../src/config/config.ts';
import { loadCorpus } from '../src/corpus/load-corpus.ts';
import { currentBuildPath } from '../src/index/index-files.ts';
import { HybridRetriever } from '../src/retrieval/hybrid-retriever.ts';
import { openSearchIndex, prepareIndex } from '../src/setup/prepare-index.ts';
import { percentile, round } from './stats.ts';
import { seededRandom, writeSyntheticCorpus } from './synthetic-corpus.ts';

const chunks = Number(process.argv[2]);
const workDir = process.argv[3]!;
const corpusDir = path.join(workDir, `corpus-${chunks}`);
const indexDir = path.join(workDir, `index-${chunks}`);
const REAL_QUESTIONS = (await readFile(new URL('../eval/gold.jsonl', import.meta.url), 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { q: string }).q);

await rm(indexDir, { recursive: true, force: true });
await rm(corpusDir, { recursive: true, force: true });
await writeSyntheticCorpus(corpusDir, await loadCorpus(new URL('../corpus', import.meta.url).pathname), {
  excerpts: chunks,
  excerptsPerFile: 500,
  seed: 20_241_124,
});
const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir });

// Ingest: parse, chunk, tokenise, embed, build HNSW and BM25, save.
let started = performance.now();
const built = await prepareIndex(config, { force: true });
const ingestMs = performance.now() - started;
const chunkCount = built.index.manifest.counts.chunks;

// Load the saved index into a fresh heap's worth of objects; report resident memory after it.
const buildDir = (await currentBuildPath(indexDir))!;
const vectorBytes = (await stat(path.join(buildDir, 'vectors.hnsw'))).size;
(globalThis as { gc?: () => void }).gc?.();
started = performance.now();
const index = await openSearchIndex(config);
const loadMs = performance.now() - started;
const retriever = new HybridRetriever(index);
(globalThis as { gc?: () => void }).gc?.();
const residentMb = process.memoryUsage().rss / 1e6;

// Queries: the gold questions and short openings of random chunks, as people ask about passages.
const random = seededRandom(7);
const chunkQueries = Array.from({ length: 150 }, () => index.chunks[Math.floor(random() * index.chunks.length)]!.text.slice(0, 12 + Math.floor(random() * 20)));
const queries = [...REAL_QUESTIONS, ...chunkQueries];
for (const query of queries.slice(0, 20)) await retriever.retrieve(query);

const hybrid: number[] = [];
for (const query of queries) {
  const begin = performance.now();
  await retriever.retrieve(query, { k: 5 });
  hybrid.push(performance.now() - begin);
}
const vectorOnly: number[] = [];
const queryVectors: number[][] = [];
for (const query of queries) {
  const begin = performance.now();
  const vector = await index.embedder.embedQuery(query);
  index.vectors.search(vector, 10);
  vectorOnly.push(performance.now() - begin);
  queryVectors.push(vector);
}

// ANN recall@10: the HNSW top 10 against exact cosine search over the same vectors.
const exact = new hnswlib.BruteforceSearch('cosine', index.manifest.embedder.dimensions);
exact.initIndex(chunkCount);
const graph = new hnswlib.HierarchicalNSW('cosine', index.manifest.embedder.dimensions);
await graph.readIndex(path.join(buildDir, 'vectors.hnsw'));
for (let label = 0; label < chunkCount; label++) exact.addPoint(graph.getPoint(label), label);
let found = 0;
let expected = 0;
for (const vector of queryVectors) {
  const truth = new Set(exact.searchKnn(vector, Math.min(10, chunkCount)).neighbors);
  expected += truth.size;
  for (const hit of index.vectors.search(vector, 10)) if (truth.has(hit.label)) found++;
}

process.stdout.write(
  `${JSON.stringify({
    chunks: chunkCount,
    ingestSeconds: round(ingestMs / 1000),
    ingestChunksPerSecond: Math.round(chunkCount / (ingestMs / 1000)),
    indexBytesPerVector: Math.round(vectorBytes / chunkCount),
    residentMb: Math.round(residentMb),
    loadSeconds: round(loadMs / 1000),
    hybridMs: { p50: round(percentile(hybrid, 50)), p95: round(percentile(hybrid, 95)) },
    vectorOnlyMs: { p50: round(percentile(vectorOnly, 50)), p95: round(percentile(vectorOnly, 95)) },
    annRecallAt10: round(found / expected),
    ef: config.hnsw.ef,
    dimensions: index.manifest.embedder.dimensions,
  })}\n`,
);
await rm(indexDir, { recursive: true, force: true });
