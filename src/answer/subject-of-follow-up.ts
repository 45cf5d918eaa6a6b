// A follow-up that puts a new subject in place of the previous one (那中部地区呢 after 西部, "and what about
// traditional industries?") is answered from the excerpts that mention the new subject: the rewritten
// question still carries the earlier question's other words, which match the earlier subject's excerpts.
import type { Retrieval, RetrievalOptions, Retriever } from '../retrieval/retriever.ts';

/**
 * The subject's most specific corpus term: its heaviest lexical term (question weight × corpus IDF),
 * as retrieval reads it, so that an English subject yields its Chinese translation (traditional
 * industries → 传统产业). Undefined when none of its words is in the corpus.
 */
export async function subjectTerm(retriever: Retriever, subject: string, options: RetrievalOptions): Promise<string | undefined> {
  const { weighedTerms } = await retriever.retrieve(subject, { ...options, k: 1 });
  return [...weighedTerms].sort((left, right) => right.weight - left.weight)[0]?.term;
}

/**
 * The retrieval narrowed to the excerpts whose text or occasion holds the term, in their order; unchanged
 * when none does (the new subject is then not where the earlier one was, and coverage says so).
 * @example keepMentioning(retrievalOf('中部地区 座谈会上讲了什么'), '中部').results // the 中部 excerpts only
 */
export function keepMentioning(retrieval: Retrieval, term: string | undefined): Retrieval {
  if (term === undefined) return retrieval;
  const mentioning = retrieval.results.filter((result) => `${result.excerpt.text}${result.excerpt.occasion}`.toLowerCase().includes(term));
  return mentioning.length === 0 ? retrieval : { ...retrieval, results: mentioning };
}
