// Chooses the answer engine for the configuration: extractive offline, LLM when a model is configured.
import { BudgetedChatModel, type ModelBudget } from '../answer/budgeted-chat-model.ts';
import type { ChatModel } from '../answer/chat-model.ts';
import { OpenAICompatibleChatModel } from '../answer/chat-model-client.ts';
import { ExtractiveAnswerer } from '../answer/extractive-answerer.ts';
import { LlmAnswerer, type TokenUsage } from '../answer/llm-answerer.ts';
import { loadPrompts } from '../answer/prompts.ts';
import type { Answerer } from '../answer/types.ts';
import type { Config } from '../config/config.ts';
import { ExcerptStore } from '../index/excerpt-store.ts';
import type { SearchIndex } from '../index/search-index.ts';
import { HybridRetriever } from '../retrieval/hybrid-retriever.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { QueryExpandingRetriever } from '../retrieval/query-expanding-retriever.ts';
import { searchQueryWriter } from '../answer/search-query-writer.ts';

export interface AnswerEngine {
  retriever: Retriever;
  /** The excerpts, documents and manifest of the index being served. */
  store: ExcerptStore;
  answerer: Answerer;
  /** Offline extractive answers, or answers written by the configured model. */
  mode: 'offline' | 'llm';
  /** The chat model's name in LLM mode. */
  chatModel: string | undefined;
}

/** What an engine searches and cites: a loaded index, or a store with a retriever that searches elsewhere (a thread). */
export type EngineSource = SearchIndex | { store: ExcerptStore; retriever: Retriever };

function partsOf(source: EngineSource): { store: ExcerptStore; retriever: Retriever } {
  return 'store' in source ? source : { store: ExcerptStore.of(source), retriever: new HybridRetriever(source) };
}

export function createOfflineEngine(source: EngineSource): AnswerEngine {
  const { store, retriever } = partsOf(source);
  return { retriever, store, answerer: new ExtractiveAnswerer(retriever, store), mode: 'offline', chatModel: undefined };
}

/** The engine the configuration asks for; in LLM mode the prompts are loaded and checked now, not at the first question. */
export async function createAnswerEngine(
  config: Pick<Config, 'llmEnabled' | 'openai'> & Partial<Pick<Config, 'searchQueries'>> & { server: Pick<Config['server'], 'maxMessages'> },
  source: EngineSource,
  promptsDir: string,
  hooks: {
    onUsage?: (usage: TokenUsage) => void;
    /** Every model request (answers, rewrites, search queries) reserves its worst case here before it is sent. */
    budget?: ModelBudget;
  } = {},
): Promise<AnswerEngine> {
  if (!config.llmEnabled) return createOfflineEngine(source);
  const { store, retriever } = partsOf(source);
  const prompts = await loadPrompts(promptsDir);
  const upstream = new OpenAICompatibleChatModel({
    model: config.openai.chatModel,
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL ?? 'https://api.openai.com/v1',
    limits: config.openai.limits,
    maxRetries: config.openai.maxRetries,
    maxRetryWaitMs: config.openai.maxRetryWaitMs,
    maxOutputTokens: config.openai.maxOutputTokens,
  });
  const model: ChatModel = hooks.budget ? new BudgetedChatModel(upstream, hooks.budget, config.openai.maxOutputTokens) : upstream;
  // The answerer searches with the question and the model's search queries; /api/search keeps the plain retriever.
  const searchQueries = config.searchQueries ?? 0;
  const answerRetriever =
    searchQueries > 0
      ? new QueryExpandingRetriever(
          retriever,
          searchQueryWriter({ model, prompt: prompts['search-queries'], count: searchQueries, onUsage: (usage) => hooks.onUsage?.(usage) }),
        )
      : retriever;
  const answerer = new LlmAnswerer(answerRetriever, store, {
    model,
    modelName: config.openai.chatModel,
    prompts,
    // The last question is one of the conversation's messages; the turns before it fill the rest.
    maxHistoryMessages: Math.max(0, config.server.maxMessages - 1),
    maxHistoryTokens: config.openai.historyTokens,
  });
  answerer.onUsage = hooks.onUsage;
  return { retriever, store, answerer, mode: 'llm', chatModel: config.openai.chatModel };
}
