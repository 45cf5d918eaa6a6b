// LLM mode: the model rewrites a question into search queries in the corpus's own vocabulary
// (Chinese for an English question, the speeches' terms for colloquial wording), for retrieval to
// search beside the question as asked.
import type { PromptTemplate } from '@langchain/core/prompts';
import type { ChatModel } from './chat-model.ts';
import type { QueryExpander } from '../retrieval/query-expanding-retriever.ts';
import type { TokenUsage } from './llm-answerer.ts';

export interface SearchQueryWriterSettings {
  model: ChatModel;
  prompt: PromptTemplate;
  /** Queries asked for at most. */
  count: number;
  onUsage?: ((usage: TokenUsage) => void) | undefined;
}

/** Longest query kept: a line longer than this is an answer, not a query. */
const MAX_QUERY_CHARS = 60;

export function searchQueryWriter(settings: SearchQueryWriterSettings): QueryExpander {
  return async (question, signal) => {
    // The model's own time limits apply (first byte, silence, overall).
    let text = '';
    for await (const event of settings.model.stream(
      [{ role: 'user', content: await settings.prompt.format({ question, count: String(settings.count) }) }],
      signal,
    )) {
      if (event.type === 'content') text += event.text;
      else if (event.type === 'usage') settings.onUsage?.({ inputTokens: event.inputTokens, outputTokens: event.outputTokens });
    }
    return parseSearchQueries(text, settings.count);
  };
}

/** One query a line; list markers and quotes dropped; over-long lines (answers, not queries) left out. */
export function parseSearchQueries(text: string, count: number): string[] {
  return text
    .split(/\r?\n/u)
    .map((line) =>
      line
        .replace(/^\s*(?:[-*•]|\d+[.)、]|（?\d+）)\s*/u, '')
        .replace(/^["“「]|["”」]$/gu, '')
        .trim(),
    )
    .filter((line) => line !== '' && line.length <= MAX_QUERY_CHARS)
    .slice(0, count);
}
