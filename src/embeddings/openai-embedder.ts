// Model embeddings through @langchain/openai, for OpenAI or any OpenAI-compatible server,
// batched, retried with backoff, and cached by content hash.
import { OpenAIEmbeddings } from '@langchain/openai';
import { AppError } from '../errors.ts';
import { upstreamClientError } from '../upstream-failure.ts';
import type { EmbeddingCache } from './embedding-cache.ts';
import type { EmbedOptions, Embedder } from './types.ts';

export interface OpenAIEmbedderOptions {
  model: string;
  /** Requested output dimensions; for models that can shorten their vectors. */
  dimensions: number | undefined;
  apiKey: string | undefined;
  baseURL: string | undefined;
  batchSize: number;
  maxRetries: number;
  /** Per-request time limit, ms. */
  timeoutMs: number;
  cache: EmbeddingCache | undefined;
}

/** @example openAIEmbedderId('text-embedding-3-small', 256) // 'openai:text-embedding-3-small:256' */
export function openAIEmbedderId(model: string, dimensions: number | undefined): string {
  return `openai:${model}${dimensions ? `:${dimensions}` : ''}`;
}

export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private knownDimensions: number | undefined;
  private readonly client: OpenAIEmbeddings;

  constructor(private readonly options: OpenAIEmbedderOptions) {
    this.id = openAIEmbedderId(options.model, options.dimensions);
    this.knownDimensions = options.dimensions;
    this.client = new OpenAIEmbeddings({
      model: options.model,
      ...(options.dimensions ? { dimensions: options.dimensions } : {}),
      batchSize: options.batchSize,
      maxRetries: options.maxRetries,
      timeout: options.timeoutMs,
      // The openai client otherwise asks for base64 and decodes whatever comes back as base64, which
      // turns the plain float arrays of servers that ignore encoding_format (Ollama, some vLLM builds) into noise.
      encodingFormat: 'float',
      // OpenAI-compatible servers without a key (a local Ollama or vLLM) still need a non-empty string here.
      apiKey: options.apiKey ?? 'not-needed',
      configuration: options.baseURL ? { baseURL: options.baseURL } : {},
    });
  }

  /** Known after the first embedding when the model's size was not configured. */
  get dimensions(): number {
    if (this.knownDimensions === undefined) {
      throw new AppError('embedding_failed', `the dimensions of ${this.options.model} are not known until it has embedded something; set EMBEDDING_DIMENSIONS`);
    }
    return this.knownDimensions;
  }

  async embedDocuments(texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
    const cache = this.options.cache;
    await cache?.load();
    const keys = texts.map((text) => cache?.key(text));
    const results: Array<number[] | undefined> = keys.map((key) => (key ? cache?.get(key) : undefined));
    const missing = results.flatMap((vector, index) => (vector ? [] : [index]));

    for (let offset = 0; offset < missing.length; offset += this.options.batchSize) {
      options.signal?.throwIfAborted();
      const batch = missing.slice(offset, offset + this.options.batchSize);
      const vectors = await this.request(() => this.client.embedDocuments(batch.map((index) => texts[index]!)));
      batch.forEach((textIndex, position) => {
        results[textIndex] = vectors[position];
      });
      await cache?.putMany(batch.map((textIndex, position) => ({ key: keys[textIndex]!, vector: vectors[position]! })).filter((entry) => entry.key));
      options.onProgress?.(texts.length - missing.length + offset + batch.length, texts.length);
    }
    const complete = results as number[][];
    this.learnDimensions(complete[0]);
    return complete;
  }

  async embedQuery(text: string): Promise<number[]> {
    const vector = await this.request(() => this.client.embedQuery(text));
    this.learnDimensions(vector);
    return vector;
  }

  private learnDimensions(vector: number[] | undefined): void {
    if (vector && this.knownDimensions === undefined) this.knownDimensions = vector.length;
  }

  private async request<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const reason = upstreamClientError(error, { server: 'the embedding server', model: this.options.model, modelSetting: 'EMBEDDING_MODEL' });
      throw new AppError('embedding_failed', `embedding with ${this.options.model} failed: ${reason.message}`, { cause: error });
    }
  }
}
