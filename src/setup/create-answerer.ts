// Chooses the answer engine for the configuration: extractive offline, LLM when a model is configured.
import { ExtractiveAnswerer } from '../answer/extractive-answerer.ts';
import type { Answerer } from '../answer/types.ts';
import type { SearchIndex } from '../index/search-index.ts';
import { HybridRetriever } from '../retrieval/retriever.ts';

export interface AnswerEngine {
  retriever: HybridRetriever;
  answerer: Answerer;
  /** Offline extractive answers, or answers written by the named model. */
  mode: 'offline' | 'llm';
}

export function createOfflineEngine(index: SearchIndex): AnswerEngine {
  const retriever = new HybridRetriever(index);
  const titles = new Map(index.documents.map((document) => [document.id, document.title]));
  return { retriever, answerer: new ExtractiveAnswerer(retriever, titles), mode: 'offline' };
}
