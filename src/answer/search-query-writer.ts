// LLM mode: the model rewrites a question into search queries in the corpus's own vocabulary
// (Chinese for an English question, the speeches' terms for colloquial wording), for retrieval to
// search beside the question as asked.
import { HumanMessage } from '@langchain/core/messages';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { PromptTemplate } from '@langchain/core/prompts';
import type { QueryExpander } from '../retrieval/query-expanding-retriever.ts';
import type { TokenUsage } from './llm-answerer.ts';

export interface SearchQueryWriterSettings {
  model: BaseChatModel;
  prompt: PromptTemplate;
  /** Queries asked for at most. */
  count: number;
  timeoutMs: number;
  onUsage?: ((usage: TokenUsage) => void) | undefined;
}

/** Longest query kept: a line longer than this is an answer, not a query. */
const MAX_QUERY_CHARS = 60;

export function searchQueryWriter(settings: SearchQueryWriterSettings): QueryExpander {
  return async (question, signal) => {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const message = await settings.model.invoke([new HumanMessage(await settings.prompt.format({ question, count: String(settings.count) }))], { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (message.usage_metadata && settings.onUsage) settings.onUsage({ inputTokens: message.usage_metadata.input_tokens, outputTokens: message.usage_metadata.output_tokens });
    const text = typeof message.content === 'string' ? message.content : message.content.map((part) => (typeof part === 'string' ? part : 'text' in part ? String(part.text) : '')).join('');
    return parseSearchQueries(text, settings.count);
  };
}

/** One query a line; list markers and quotes dropped; over-long lines (answers, not queries) left out. */
export function parseSearchQueries(text: string, count: number): string[] {
  return text
    .split(/\r?\n/u)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)、]|（?\d+）)\s*/u, '').replace(/^["“「]|["”」]$/gu, '').trim())
    .filter((line) => line !== '' && line.length <= MAX_QUERY_CHARS)
    .slice(0, count);
}
