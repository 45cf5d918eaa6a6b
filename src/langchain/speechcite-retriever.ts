// A LangChain retriever over speechcite's local index: hybrid search (BM25 and vectors, fused and
// reranked), one Document per excerpt, with its date and occasion as metadata for citing.
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import { loadConfig } from '../config/config.ts';
import { HybridRetriever } from '../retrieval/hybrid-retriever.ts';
import type { RetrievalFilters, Retriever } from '../retrieval/retriever.ts';
import { openSearchIndex } from '../setup/prepare-index.ts';

export interface SpeechciteRetrieverInput extends BaseRetrieverInput {
  /** The search to run; SpeechciteRetriever.fromIndexDir opens one over an index on disk. */
  retriever: Retriever;
  /** Excerpts per query (default 5). */
  k?: number;
  filters?: RetrievalFilters;
}

/** What each Document's metadata holds. */
export interface SpeechciteDocumentMetadata {
  /** The excerpt's id, `<document-id>#<section>`, as GET /api/sources/:id takes it. */
  id: string;
  documentId: string;
  section: number;
  /** Date of the speech, ISO yyyy-mm-dd. */
  date: string;
  occasion: string;
  /** Relevance 0–1, higher is better; comparable within one query only. */
  score: number;
  /** The sentence of the excerpt that matches the query best. */
  bestSentence: string;
}

export class SpeechciteRetriever extends BaseRetriever<SpeechciteDocumentMetadata> {
  lc_namespace = ['speechcite', 'retrievers'];
  private readonly search: Retriever;
  private readonly k: number;
  private readonly filters: RetrievalFilters | undefined;

  static override lc_name(): string {
    return 'SpeechciteRetriever';
  }

  constructor(input: SpeechciteRetrieverInput) {
    super(input);
    this.search = input.retriever;
    this.k = input.k ?? 5;
    this.filters = input.filters;
  }

  /**
   * Opens an index built with the local embedder (`npm run ingest`), refusing one built with another.
   * @example const retriever = await SpeechciteRetriever.fromIndexDir('index', { k: 3 });
   */
  static async fromIndexDir(indexDir: string, options: { k?: number; filters?: RetrievalFilters; dimensions?: number } = {}): Promise<SpeechciteRetriever> {
    const config = loadConfig({
      INDEX_DIR: indexDir,
      EMBEDDER: 'local',
      ...(options.dimensions ? { LOCAL_EMBEDDING_DIMENSIONS: String(options.dimensions) } : {}),
    });
    const index = await openSearchIndex(config);
    return new SpeechciteRetriever({
      retriever: new HybridRetriever(index),
      ...(options.k ? { k: options.k } : {}),
      ...(options.filters ? { filters: options.filters } : {}),
    });
  }

  override async _getRelevantDocuments(query: string, _runManager?: CallbackManagerForRetrieverRun): Promise<Document<SpeechciteDocumentMetadata>[]> {
    const retrieval = await this.search.retrieve(query, { k: this.k, ...(this.filters ? { filters: this.filters } : {}) });
    return retrieval.results.map(
      ({ excerpt, score, bestSentence }) =>
        new Document<SpeechciteDocumentMetadata>({
          id: excerpt.id,
          pageContent: excerpt.text,
          metadata: {
            id: excerpt.id,
            documentId: excerpt.documentId,
            section: excerpt.section,
            date: excerpt.date,
            occasion: excerpt.occasion,
            score,
            bestSentence: excerpt.text.slice(bestSentence.start, bestSentence.end),
          },
        }),
    );
  }

  /** Releases the index's resources. */
  close(): Promise<void> {
    return this.search.close();
  }
}
