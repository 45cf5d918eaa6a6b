// The offline embedder: not a neural model, but TF-IDF-weighted character n-grams and jieba words
// folded into a fixed number of dimensions by feature hashing, then L2-normalised. Deterministic,
// computed on this machine, no download. Its IDF weights are fitted on the corpus at ingest and
// saved with the index.
import { toSimplified } from '../text/chinese-script.ts';
import { segmentWords } from '../text/tokenizer.ts';
import type { Embedder } from './types.ts';

export const LOCAL_EMBEDDER_ID = 'local-hashed-ngram-v1';

/** The fitted state, as saved beside the index. */
export interface LocalEmbedderState {
  id: typeof LOCAL_EMBEDDER_ID;
  dimensions: number;
  documentCount: number;
  /** Inverse document frequency per hashed dimension, Float32 little-endian, base64. */
  idf: string;
}

const WORD_RUN = /[\p{L}\p{N}]+/gu;

/** Sparse signed term frequencies per hashed dimension. */
type SparseCounts = Map<number, number>;

export class LocalHashedNgramEmbedder implements Embedder {
  readonly id = LOCAL_EMBEDDER_ID;
  readonly dimensions: number;
  private readonly idf: Float32Array;
  private readonly documentCount: number;

  private constructor(dimensions: number, idf: Float32Array, documentCount: number) {
    this.dimensions = dimensions;
    this.idf = idf;
    this.documentCount = documentCount;
  }

  /** Fits IDF weights on the corpus texts. */
  static fit(texts: readonly string[], dimensions: number): LocalHashedNgramEmbedder {
    const documentFrequency = new Uint32Array(dimensions);
    for (const text of texts) {
      for (const dimension of hashedCounts(text, dimensions).keys()) documentFrequency[dimension]! += 1;
    }
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

  embedSync(text: string): number[] {
    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [dimension, signedCount] of hashedCounts(text, this.dimensions)) {
      const sublinear = Math.sign(signedCount) * (1 + Math.log(Math.abs(signedCount)));
      vector[dimension] = signedCount === 0 ? 0 : sublinear * this.idf[dimension]!;
    }
    return normalize(vector);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedSync(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embedSync(text);
  }
}

/** Features: jieba search-mode words, and character bigrams and trigrams within runs of letters and digits. */
function hashedCounts(text: string, dimensions: number): SparseCounts {
  const counts: SparseCounts = new Map();
  const add = (feature: string) => {
    const hash = fnv1a(feature);
    const dimension = hash % dimensions;
    // A second, independent bit picks the sign so that colliding features tend to cancel, not pile up.
    const sign = fnv1a(`~${feature}`) & 1 ? 1 : -1;
    counts.set(dimension, (counts.get(dimension) ?? 0) + sign);
  };
  const simplified = toSimplified(text).toLowerCase();
  for (const word of segmentWords(simplified)) add(`w:${word}`);
  for (const [run] of simplified.matchAll(WORD_RUN)) {
    const characters = [...run];
    for (let index = 0; index + 1 < characters.length; index++) {
      add(`2:${characters[index]}${characters[index + 1]}`);
      if (index + 2 < characters.length) add(`3:${characters[index]}${characters[index + 1]}${characters[index + 2]}`);
    }
  }
  return counts;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function normalize(vector: number[]): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  if (sumOfSquares === 0) return vector;
  const norm = Math.sqrt(sumOfSquares);
  return vector.map((value) => value / norm);
}
