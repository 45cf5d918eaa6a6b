// The offline embedder: not a neural model, but TF-IDF-weighted character n-grams and jieba words
// folded into a fixed number of dimensions by feature hashing, then L2-normalised. Deterministic,
// computed on this machine, no download. Its IDF weights are fitted on the corpus at ingest and
// saved with the index.
import { toSimplified } from '../text/chinese-script.ts';
import { segmentWords } from '../text/tokenizer.ts';
import type { Embedder } from './types.ts';

export const LOCAL_EMBEDDER_ID = 'local-hashed-ngram-v2';

/** The fitted state, as saved beside the index. */
export interface LocalEmbedderState {
  id: typeof LOCAL_EMBEDDER_ID;
  dimensions: number;
  documentCount: number;
  /** Inverse document frequency per hashed dimension, Float32 little-endian, base64. */
  idf: string;
}

export class LocalHashedNgramEmbedder implements Embedder {
  readonly id = LOCAL_EMBEDDER_ID;
  readonly dimensions: number;
  private readonly idf: Float32Array;
  private readonly documentCount: number;
  /** Reused between calls: embedding is synchronous, so one buffer serves every text. */
  private scratch: HashedCounts | undefined;

  private constructor(dimensions: number, idf: Float32Array, documentCount: number) {
    this.dimensions = dimensions;
    this.idf = idf;
    this.documentCount = documentCount;
  }

  /**
   * Fits IDF weights on the corpus texts. `words` may hold each text's jieba words, already
   * computed for the lexical index, so that the build tokenises every chunk once.
   */
  static fit(texts: readonly string[], dimensions: number, words?: ReadonlyArray<readonly string[]>): LocalHashedNgramEmbedder {
    const documentFrequency = new Uint32Array(dimensions);
    const counts = new HashedCounts(dimensions);
    texts.forEach((text, index) => {
      counts.fill(text, words?.[index]);
      for (const dimension of counts.touched) documentFrequency[dimension]! += 1;
    });
    const idf = new Float32Array(dimensions);
    for (let dimension = 0; dimension < dimensions; dimension++) {
      idf[dimension] = Math.log((1 + texts.length) / (1 + documentFrequency[dimension]!)) + 1;
    }
    return new LocalHashedNgramEmbedder(dimensions, idf, texts.length);
  }

  static fromState(state: LocalEmbedderState): LocalHashedNgramEmbedder {
    const bytes = Buffer.from(state.idf, 'base64');
    const idf = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (idf.length !== state.dimensions) throw new Error(`local embedder state has ${idf.length} weights for ${state.dimensions} dimensions`);
    return new LocalHashedNgramEmbedder(state.dimensions, idf, state.documentCount);
  }

  toState(): LocalEmbedderState {
    const bytes = Buffer.from(this.idf.buffer, this.idf.byteOffset, this.idf.byteLength);
    return { id: LOCAL_EMBEDDER_ID, dimensions: this.dimensions, documentCount: this.documentCount, idf: bytes.toString('base64') };
  }

  /** @param words the text's jieba words when already known; computed otherwise. */
  embedSync(text: string, words?: readonly string[]): number[] {
    const counts = (this.scratch ??= new HashedCounts(this.dimensions));
    counts.fill(text, words);
    const vector = new Array<number>(this.dimensions).fill(0);
    let sumOfSquares = 0;
    for (const dimension of counts.touched) {
      const signedCount = counts.values[dimension]!;
      if (signedCount === 0) continue;
      const value = Math.sign(signedCount) * (1 + Math.log(Math.abs(signedCount))) * this.idf[dimension]!;
      vector[dimension] = value;
      sumOfSquares += value * value;
    }
    const norm = Math.sqrt(sumOfSquares) || 1;
    for (const dimension of counts.touched) vector[dimension]! /= norm;
    return vector;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedSync(text));
  }

  /** For a build that already has each text's jieba words. */
  async embedDocumentsWithWords(texts: readonly string[], words: ReadonlyArray<readonly string[]>): Promise<number[][]> {
    return texts.map((text, index) => this.embedSync(text, words[index]));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }
}

// Feature kinds seed the hash, so a word and a bigram with the same characters land apart.
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x050c5d1f;
const TRIGRAM_SEED = 0x2a1b3c4d;

/**
 * Signed feature counts per hashed dimension, in a buffer reused from text to text. Features: jieba
 * search-mode words, and character bigrams and trigrams within runs of letters and digits, hashed
 * from their code units directly (building a string per n-gram cost more than the hashing itself).
 */
class HashedCounts {
  readonly values: Int32Array;
  /** The dimensions the last text touched, each once, so that clearing and reading skip the rest. */
  readonly touched: number[] = [];
  private readonly seen: Uint8Array;

  constructor(private readonly dimensions: number) {
    this.values = new Int32Array(dimensions);
    this.seen = new Uint8Array(dimensions);
  }

  fill(text: string, words: readonly string[] | undefined): void {
    for (const dimension of this.touched) {
      this.values[dimension] = 0;
      this.seen[dimension] = 0;
    }
    this.touched.length = 0;
    const simplified = toSimplified(text).toLowerCase();
    for (const word of words ?? segmentWords(simplified)) this.add(hashUnits(WORD_SEED, word));
    // Runs of letters and digits; CJK text is all in the Basic Multilingual Plane, so code units serve.
    let twoBack = -1;
    let oneBack = -1;
    for (let index = 0; index < simplified.length; index++) {
      const code = simplified.charCodeAt(index);
      if (!isWordCode(code)) {
        twoBack = -1;
        oneBack = -1;
        continue;
      }
      if (oneBack >= 0) this.add(hashCodes(BIGRAM_SEED, oneBack, code, -1));
      if (twoBack >= 0) this.add(hashCodes(TRIGRAM_SEED, twoBack, oneBack, code));
      twoBack = oneBack;
      oneBack = code;
    }
  }

  private add(hash: number): void {
    const dimension = hash % this.dimensions;
    if (this.seen[dimension] === 0) {
      this.seen[dimension] = 1;
      this.touched.push(dimension);
    }
    // A second, independent bit picks the sign so that colliding features tend to cancel, not pile up.
    this.values[dimension]! += mix(hash) & 1 ? 1 : -1;
  }
}

/** Letters and digits: ASCII alphanumerics and CJK ideographs (the \p{L}\p{N} that matter here). */
function isWordCode(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xc0 && code <= 0x24f)
  );
}

/** FNV-1a over a string's UTF-16 code units. */
function hashUnits(seed: number, text: string): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** FNV-1a over two or three code points (third -1 for a bigram). */
function hashCodes(seed: number, first: number, second: number, third: number): number {
  let hash = Math.imul(seed ^ first, 0x01000193);
  hash = Math.imul(hash ^ second, 0x01000193);
  if (third >= 0) hash = Math.imul(hash ^ third, 0x01000193);
  return hash >>> 0;
}

/** An avalanche step (murmur3's finaliser), so the sign bit is independent of the bucket. */
function mix(value: number): number {
  let hash = value ^ (value >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
