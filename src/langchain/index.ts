// What a LangChain application imports from `speechcite/langchain`.
export { SpeechciteRetriever, type SpeechciteRetrieverInput, type SpeechciteDocumentMetadata } from './speechcite-retriever.ts';
export { SpeechciteLocalEmbeddings } from './speechcite-local-embeddings.ts';
