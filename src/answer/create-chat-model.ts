// The chat model for LLM answers: ChatOpenAI against OpenAI or any OpenAI-compatible server.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';

export interface ChatModelSettings {
  model: string;
  apiKey: string | undefined;
  baseURL: string | undefined;
  /** Per-request time limit, ms. */
  timeoutMs: number;
  /** Retries with backoff for failures before any text arrived (429 with retry-after, 5xx, connection errors). */
  maxRetries: number;
}

export function createChatModel(settings: ChatModelSettings): BaseChatModel {
  return new ChatOpenAI({
    model: settings.model,
    // Local OpenAI-compatible servers accept any key, but the client insists on one.
    apiKey: settings.apiKey ?? 'not-needed',
    configuration: settings.baseURL ? { baseURL: settings.baseURL } : {},
    temperature: 0,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    streamUsage: true,
  });
}
