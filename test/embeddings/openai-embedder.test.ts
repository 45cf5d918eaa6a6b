import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../../src/embeddings/embedding-cache.ts';
import { OpenAIEmbedder } from '../../src/embeddings/openai-embedder.ts';
import { isAppError } from '../../src/errors.ts';
import { HybridRetriever } from '../../src/retrieval/hybrid-retriever.ts';
import { prepareIndex } from '../../src/setup/prepare-index.ts';
import { embeddingsResponse, fakeEmbedding, sendJson, startFakeOpenAIServer, type FakeOpenAIServer } from '../support/fake-openai-server.ts';
import { temporaryDirectory, testConfig } from '../support/temporary-index.ts';

const DIMENSIONS = 8;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function server(handler: Parameters<typeof startFakeOpenAIServer>[0]): Promise<FakeOpenAIServer> {
  const started = await startFakeOpenAIServer(handler);
  cleanups.push(started.close);
  return started;
}

async function embedder(baseURL: string, options: { batchSize?: number; cacheFile?: string; maxRetries?: number } = {}) {
  return new OpenAIEmbedder({
    model: 'fake-embedding',
    dimensions: undefined,
    apiKey: 'sk-test',
    baseURL,
    batchSize: options.batchSize ?? 2,
    maxRetries: options.maxRetries ?? 2,
    timeoutMs: 5_000,
    cache: options.cacheFile ? new EmbeddingCache(options.cacheFile, 'openai:fake-embedding') : undefined,
  });
}

describe('the openai embedder against an OpenAI-compatible server', () => {
  it('sends texts in batches of the configured size and returns the vectors in order', async () => {
    const fake = await server((request, response) => embeddingsResponse(response, request.body, DIMENSIONS));
    const texts = ['甲', '乙', '丙', '丁', '戊'];
    const vectors = await (await embedder(fake.baseURL, { batchSize: 2 })).embedDocuments(texts);
    expect(fake.requests.map((request) => request.body.input)).toEqual([['甲', '乙'], ['丙', '丁'], ['戊']]);
    expect(fake.requests[0]!.path).toBe('/v1/embeddings');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer sk-test');
    expect(vectors).toEqual(texts.map((text) => fakeEmbedding(text, DIMENSIONS)));
  });

  it('retries after a 429 and succeeds', async () => {
    const fake = await server((request, response, index) => {
      if (index === 0) {
        response.setHeader('retry-after', '0');
        sendJson(response, 429, { error: { message: 'slow down', type: 'rate_limit' } });
      } else embeddingsResponse(response, request.body, DIMENSIONS);
    });
    const vectors = await (await embedder(fake.baseURL)).embedDocuments(['科技创新']);
    expect(fake.requests).toHaveLength(2);
    expect(vectors[0]).toEqual(fakeEmbedding('科技创新', DIMENSIONS));
  });

  it('gives a clear error, without the key, when the server refuses the key', async () => {
    const fake = await server((_request, response) => sendJson(response, 401, { error: { message: 'bad key sk-test' } }));
    const error = await (await embedder(fake.baseURL)).embedDocuments(['x']).catch((caught: unknown) => caught);
    expect(isAppError(error, 'embedding_failed')).toBe(true);
    expect((error as Error).message).toBe('embedding with fake-embedding failed: the embedding server refused the API key: check OPENAI_API_KEY');
  });

  it('serves a re-ingest of unchanged text from its cache with zero requests', async () => {
    const directory = await temporaryDirectory();
    cleanups.push(directory.remove);
    const fake = await server((request, response) => embeddingsResponse(response, request.body, DIMENSIONS));
    const config = testConfig(directory.path, {
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test',
      EMBEDDING_MODEL: 'fake-embedding',
      EMBEDDING_BATCH_SIZE: '4',
    });

    const first = await prepareIndex(config);
    const requestsForFirstBuild = fake.requests.length;
    expect(requestsForFirstBuild).toBe(4); // 15 excerpts in batches of 4
    expect(first.index.manifest.embedder).toEqual({ id: 'openai:fake-embedding', dimensions: DIMENSIONS });

    await prepareIndex(config, { force: true });
    expect(fake.requests.length).toBe(requestsForFirstBuild);

    // Queries still go to the model: the index answers with model embeddings.
    const retrieval = await new HybridRetriever(first.index).retrieve('绿色发展', { k: 3 });
    expect(retrieval.results.length).toBeGreaterThan(0);
    expect(fake.requests.at(-1)!.body.input).toBe('绿色发展');
  });
});
