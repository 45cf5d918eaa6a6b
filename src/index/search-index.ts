// The searchable index held in memory: excerpts, their chunks, and the vector and lexical indexes over the chunks.
import type { Chunk } from '../chunking/chunk-excerpt.ts';
import type { Excerpt, SpeechDocument } from '../corpus/types.ts';
import type { CorpusProfile } from '../corpus/corpus-profile.ts';
import type { Embedder } from '../embeddings/types.ts';
import { lexicalTerms } from './lexical-terms.ts';
import type { Bm25Index } from './bm25-index.ts';
import type { HnswVectorIndex } from './hnsw-vector-index.ts';
import type { IndexManifest } from './manifest.ts';

export type DocumentInfo = Omit<SpeechDocument, 'excerpts'>;

export interface StoredChunk extends Chunk {
  /** Position in the chunk list, and the chunk's label in the vector and lexical indexes. */
  label: number;
  /** The lexical index's terms for the chunk, space-separated: saved so that loading never re-runs jieba. */
  terms: string;
}

export interface SearchIndex {
  manifest: IndexManifest;
  documents: DocumentInfo[];
  excerpts: Excerpt[];
  excerptById: ReadonlyMap<string, Excerpt>;
  chunks: StoredChunk[];
  vectors: HnswVectorIndex;
  lexical: Bm25Index;
  embedder: Embedder;
  /** The corpus's profile (corpus/profile.json), saved with the build; absent when the corpus has none. */
  profile?: CorpusProfile | undefined;
}

/** The text a chunk is embedded and indexed by: its own text, then its excerpt's occasion, so that questions naming the occasion find it. */
export function chunkIndexText(chunk: Chunk, excerpt: Excerpt): string {
  return `${chunk.text}\n${excerpt.occasion}`;
}

/** The lexical terms of a chunk's index text, as stored with the chunk. */
export function chunkTerms(chunk: Chunk, excerpt: Excerpt): string[] {
  return lexicalTerms(chunkIndexText(chunk, excerpt));
}

export function splitStoredTerms(terms: string): string[] {
  return terms === '' ? [] : terms.split(' ');
}
