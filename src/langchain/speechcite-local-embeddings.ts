// LangChain Embeddings for speechcite's local embedder (hashed character n-grams and jieba words,
// no model download), with the IDF weights fitted on the corpus of an index on disk.
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { loadConfig } from '../config/config.ts';
import type { Embedder } from '../embeddings/types.ts';
import { openSearchIndex } from '../setup/prepare-index.ts';

export class SpeechciteLocalEmbeddings extends Embeddings {
  constructor(
    private readonly embedder: Embedder,
    params: EmbeddingsParams = {},
  ) {
    super(params);
  }

  /** The embedder an index was built with, so that new vectors compare with the index's. */
  static async fromIndexDir(indexDir: string, options: { dimensions?: number } = {}): Promise<SpeechciteLocalEmbeddings> {
    const config = loadConfig({
      INDEX_DIR: indexDir,
      EMBEDDER: 'local',
      ...(options.dimensions ? { LOCAL_EMBEDDING_DIMENSIONS: String(options.dimensions) } : {}),
    });
    const index = await openSearchIndex(config);
    return new SpeechciteLocalEmbeddings(index.embedder);
  }

  /** Vector length. */
  get dimensions(): number {
    return this.embedder.dimensions;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return this.embedder.embedDocuments(documents);
  }

  embedQuery(document: string): Promise<number[]> {
    return this.embedder.embedQuery(document);
  }
}
