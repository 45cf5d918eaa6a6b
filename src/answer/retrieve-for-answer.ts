// The first step of every answer: the standalone question, its language, the retrieval and the numbered sources.
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retrieval, Retriever } from '../retrieval/retriever.ts';
import { buildSources } from './build-sources.ts';
import { detectLanguage } from './detect-language.ts';
import { standaloneQuestion } from './rewrite-follow-up.ts';
import { keepMentioning, subjectTerm } from './subject-of-follow-up.ts';
import type { AnswerLanguage, AnswerOptions, ChatMessage, Source } from './types.ts';

/** How many retrieved excerpts become numbered sources. */
export const SOURCES_PER_ANSWER = 5;

export interface AnswerContext {
  question: string;
  language: AnswerLanguage;
  retrieval: Retrieval;
  sources: Source[];
}

export function lastUserMessage(messages: readonly ChatMessage[]): string {
  return [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
}

/**
 * @param rewrite turns the conversation into a standalone question; offline rewriting by default.
 */
export async function retrieveForAnswer(
  { retriever, store }: { retriever: Retriever; store: ExcerptStore },
  messages: readonly ChatMessage[],
  options: AnswerOptions,
  rewrite: (messages: readonly ChatMessage[]) => Promise<string> | string = (conversation) => standaloneQuestion(conversation, options.today).question,
): Promise<AnswerContext> {
  const language = options.language ?? detectLanguage(lastUserMessage(messages));
  const question = await rewrite(messages);
  const searchOptions = {
    today: options.today,
    ...(options.filters ? { filters: options.filters } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // 那中部地区呢 after a question about 西部: the carried-over words still match the earlier subject, so the
  // follow-up's own subject decides (subject-of-follow-up.ts), from a deeper list.
  const { subject } = standaloneQuestion(messages, options.today);
  const searched = await retriever.retrieve(question, { ...searchOptions, k: subject ? SOURCES_PER_ANSWER * 2 : SOURCES_PER_ANSWER });
  const retrieval = subject ? await keepMentioning(searched, await subjectTerm(retriever, subject, searchOptions)) : searched;
  return {
    question,
    language,
    retrieval,
    sources: buildSources(retrieval, store, retrieval.timeScope.scoped ? retrieval.results.length : SOURCES_PER_ANSWER),
  };
}
