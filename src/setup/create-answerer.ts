// Chooses the answer engine for the configuration: extractive offline, LLM when a model is configured.
import { createChatModel } from '../answer/create-chat-model.ts';
import { ExtractiveAnswerer } from '../answer/extractive-answerer.ts';
import { LlmAnswerer, type TokenUsage } from '../answer/llm-answerer.ts';
import { loadPrompts } from '../answer/prompts.ts';
import type { Answerer } from '../answer/types.ts';
import type { Config } from '../config/config.ts';
import type { SearchIndex } from '../index/search-index.ts';
import { HybridRetriever } from '../retrieval/retriever.ts';

export interface AnswerEngine {
  retriever: HybridRetriever;
  answerer: Answerer;
  /** Offline extractive answers, or answers written by the configured model. */
  mode: 'offline' | 'llm';
  /** The chat model's name in LLM mode. */
  chatModel: string | undefined;
}

export function createOfflineEngine(index: SearchIndex, retriever = new HybridRetriever(index)): AnswerEngine {
  return { retriever, answerer: new ExtractiveAnswerer(retriever), mode: 'offline', chatModel: undefined };
}

/** The engine the configuration asks for; in LLM mode the prompts are loaded and checked now, not at the first question. */
export async function createAnswerEngine(
  config: Pick<Config, 'llmEnabled' | 'openai'>,
  index: SearchIndex,
  promptsDir: string,
  hooks: { onUsage?: (usage: TokenUsage) => void } = {},
  retriever = new HybridRetriever(index),
): Promise<AnswerEngine> {
  if (!config.llmEnabled) return createOfflineEngine(index, retriever);
  const prompts = await loadPrompts(promptsDir);
  const model = createChatModel({
    model: config.openai.chatModel,
    apiKey: config.openai.apiKey,
    baseURL: config.openai.baseURL,
    timeoutMs: config.openai.timeoutMs,
    maxRetries: config.openai.maxRetries,
  });
  const answerer = new LlmAnswerer(retriever, { model, modelName: config.openai.chatModel, prompts, timeoutMs: config.openai.timeoutMs });
  answerer.onUsage = hooks.onUsage;
  return { retriever, answerer, mode: 'llm', chatModel: config.openai.chatModel };
}
