// The offline answerer: an extractive answer from the retrieved excerpts, or a plain abstention
// when retrieval is not confident the excerpts cover the question.
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { abstentionText } from './answer-text.ts';
import { answerError } from './answer-error.ts';
import { composeExtractiveAnswer, DEFAULT_EXTRACTIVE_SETTINGS, type ExtractiveSettings } from './compose-extractive-answer.ts';
import { retrieveForAnswer } from './retrieve-for-answer.ts';
import { verifyAnswer } from './verify-answer.ts';
import type { AnswerEvent, AnswerOptions, Answerer, ChatMessage } from './types.ts';

export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: Retriever,
    private readonly store: ExcerptStore,
    private readonly settings: ExtractiveSettings = DEFAULT_EXTRACTIVE_SETTINGS,
  ) {}

  async *answer(messages: readonly ChatMessage[], options: AnswerOptions = {}): AsyncIterable<AnswerEvent> {
    try {
      const { question, language, retrieval, sources } = await retrieveForAnswer({ retriever: this.retriever, store: this.store }, messages, options);
      yield { type: 'sources', sources };
      const abstained = !retrieval.covered;
      const text = abstained ? abstentionText(sources.slice(0, 3), language) : composeExtractiveAnswer(retrieval, sources, language, this.settings);
      for (const line of text.split(/(?<=\n)/u)) {
        options.signal?.throwIfAborted();
        yield { type: 'text-delta', delta: line };
      }
      const verified = verifyAnswer(text, sources, language);
      yield { type: 'final', text: verified.text, citations: verified.citations, verification: verified.report, abstained, query: question };
    } catch (error) {
      yield answerError(error);
    }
  }
}
