// Builds a search index from parsed documents: chunk, embed, and index every excerpt.
import { chunkExcerpt, type ChunkingOptions } from '../chunking/chunk-excerpt.ts';
import type { LoadedProfile } from '../corpus/corpus-profile.ts';
import type { Excerpt, SpeechDocument } from '../corpus/types.ts';
import type { Embedder } from '../embeddings/types.ts';
import { HnswVectorIndex, type HnswSettings } from './hnsw-vector-index.ts';
import { INDEX_FORMAT_VERSION } from './manifest.ts';
import { Bm25Index } from './bm25-index.ts';
import { chunkIndexText, chunkTerms, type SearchIndex, type StoredChunk } from './search-index.ts';

export interface BuildProgress {
  phase: 'chunk' | 'embed' | 'index';
  done: number;
  total: number;
}

export interface BuildOptions {
  chunking: ChunkingOptions;
  hnsw: HnswSettings;
  /** Gets the texts to be embedded and their jieba words, so that an embedder fitted on the corpus (the local one) can fit first. */
  createEmbedder: (texts: readonly string[], words: ReadonlyArray<readonly string[]>) => Embedder;
  onProgress?: (progress: BuildProgress) => void;
  signal?: AbortSignal;
  /** Corpus files left out because they did not parse, recorded in the manifest. */
  skipped?: ReadonlyArray<{ file: string; contentHash: string; message: string }>;
  /** The corpus's profile, kept with the build; none when omitted. */
  profile?: LoadedProfile;
  /** For reproducible tests. */
  now?: () => Date;
}

export async function buildSearchIndex(documents: readonly SpeechDocument[], options: BuildOptions): Promise<SearchIndex> {
  const started = performance.now();
  const excerpts: Excerpt[] = documents.flatMap((document) => document.excerpts);
  const excerptById = new Map(excerpts.map((excerpt) => [excerpt.id, excerpt]));

  // Each chunk is tokenised once; the words serve the lexical index, the local embedder and the saved store.
  const chunks: StoredChunk[] = [];
  const words: string[][] = [];
  for (const excerpt of excerpts) {
    for (const chunk of chunkExcerpt(excerpt, options.chunking)) {
      const terms = chunkTerms(chunk, excerpt);
      words.push(terms);
      chunks.push({ ...chunk, label: chunks.length, terms: terms.join(' ') });
    }
  }
  options.onProgress?.({ phase: 'chunk', done: chunks.length, total: chunks.length });

  const texts = chunks.map((chunk) => chunkIndexText(chunk, excerptById.get(chunk.excerptId)!));
  const embedder = options.createEmbedder(texts, words);
  const embedOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (done: number, total: number) => options.onProgress?.({ phase: 'embed', done, total }),
  };
  const vectors = embedder.embedDocumentsWithWords ? await embedder.embedDocumentsWithWords(texts, words) : await embedder.embedDocuments(texts, embedOptions);
  options.onProgress?.({ phase: 'embed', done: texts.length, total: texts.length });

  const vectorIndex = HnswVectorIndex.create(embedder.dimensions, chunks.length, options.hnsw);
  const step = Math.max(1, Math.floor(chunks.length / 20));
  vectors.forEach((vector, label) => {
    vectorIndex.add(vector, label);
    if ((label + 1) % step === 0 || label + 1 === chunks.length) options.onProgress?.({ phase: 'index', done: label + 1, total: chunks.length });
  });
  const lexical = new Bm25Index();
  words.forEach((terms, label) => lexical.add(label, terms));

  return {
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      embedder: { id: embedder.id, dimensions: embedder.dimensions },
      chunking: { maxChars: options.chunking.maxChars, overlapSentences: options.chunking.overlapSentences },
      hnsw: { space: 'cosine', m: options.hnsw.m, efConstruction: options.hnsw.efConstruction },
      documents: documents.map((document) => ({
        id: document.id,
        sourceFile: document.sourceFile,
        contentHash: document.contentHash,
        excerpts: document.excerpts.length,
      })),
      counts: { documents: documents.length, excerpts: excerpts.length, chunks: chunks.length },
      ...(options.skipped?.length
        ? { skipped: options.skipped.map((failure) => ({ sourceFile: failure.file, contentHash: failure.contentHash, message: failure.message })) }
        : {}),
      ...(options.profile?.contentHash ? { profileHash: options.profile.contentHash } : {}),
      builtAt: (options.now?.() ?? new Date()).toISOString(),
      buildMs: Math.round(performance.now() - started),
    },
    documents: documents.map(({ excerpts: _excerpts, ...info }) => info),
    excerpts,
    excerptById,
    chunks,
    vectors: vectorIndex,
    lexical,
    embedder,
    ...(options.profile?.contentHash ? { profile: options.profile.profile } : {}),
  };
}
