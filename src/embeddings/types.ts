// The embedder interface: LangChain's Embeddings shape plus an id and a dimension count.

export interface EmbedOptions {
  signal?: AbortSignal;
  /** Called after each batch with how many texts are done so far. */
  onProgress?: (done: number, total: number) => void;
}

export interface Embedder {
  /** Identifies the model and its settings; an index built with one id cannot be queried with another. */
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[], options?: EmbedOptions): Promise<number[][]>;
  embedQuery(text: string, options?: EmbedOptions): Promise<number[]>;
  /** For embedders built on jieba words: embeds texts whose words the caller already has, skipping a second tokenisation. */
  embedDocumentsWithWords?(texts: readonly string[], words: ReadonlyArray<readonly string[]>): Promise<number[][]>;
}
