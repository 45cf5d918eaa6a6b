// Makes the configured embedder: for building an index, and for querying one.
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { EmbeddingCache } from './embedding-cache.ts';
import { LOCAL_EMBEDDER_ID, LocalHashedNgramEmbedder } from './local-hashed-ngram-embedder.ts';
import { OpenAIEmbedder, openAIEmbedderId } from './openai-embedder.ts';
import type { Embedder } from './types.ts';

type EmbedderConfig = Config['embedder'];

export function embedderIdFor(embedder: EmbedderConfig): string {
  return embedder.kind === 'local' ? LOCAL_EMBEDDER_ID : openAIEmbedderId(embedder.model, embedder.dimensions);
}

/** The model embedder, with its cache under the index folder (kept across rebuilds). */
export function createOpenAIEmbedder(config: Pick<Config, 'openai' | 'indexDir'>, embedder: Extract<EmbedderConfig, { kind: 'openai' }>): Embedder {
  const id = openAIEmbedderId(embedder.model, embedder.dimensions);
  const cacheFile = path.join(config.indexDir, 'cache', `${id.replace(/[^\w.-]+/gu, '_')}.jsonl`);
  return new OpenAIEmbedder({
    model: embedder.model,
    dimensions: embedder.dimensions,
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    batchSize: embedder.batchSize,
    maxRetries: config.openai.maxRetries,
    timeoutMs: config.openai.limits.totalMs,
    cache: new EmbeddingCache(cacheFile, id),
  });
}

/** For a build: the local embedder is fitted on the texts it is about to embed. */
export function buildEmbedderFactory(
  config: Pick<Config, 'openai' | 'indexDir' | 'embedder'>,
): (texts: readonly string[], words: ReadonlyArray<readonly string[]>) => Embedder {
  const embedder = config.embedder;
  if (embedder.kind === 'local') return (texts, words) => LocalHashedNgramEmbedder.fit(texts, embedder.dimensions, words);
  return () => createOpenAIEmbedder(config, embedder);
}
