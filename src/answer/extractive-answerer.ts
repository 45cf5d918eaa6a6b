// The offline answerer: an extractive answer from the retrieved excerpts, or a plain abstention
// when retrieval is not confident the excerpts cover the question.
import { isoDay } from '../dates/calendar.ts';
import type { ExcerptStore } from '../index/excerpt-store.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { abstentionText, partialCoverageNote } from './answer-text.ts';
import { answerError } from './answer-error.ts';
import { renumberByFirstCitation } from './build-sources.ts';
import { composeExtractiveAnswer, dateNotes, DEFAULT_EXTRACTIVE_SETTINGS, emptyPeriodText, type ExtractiveSettings } from './compose-extractive-answer.ts';
import { lastUserMessage, retrieveForAnswer } from './retrieve-for-answer.ts';
import { standaloneQuestion } from './rewrite-follow-up.ts';
import { verifyAnswer } from './verify-answer.ts';
import type { AnswerEvent, AnswerOptions, Answerer, ChatMessage } from './types.ts';

export class ExtractiveAnswerer implements Answerer {
  constructor(
    private readonly retriever: Retriever,
    private readonly store: ExcerptStore,
    private readonly settings: ExtractiveSettings = DEFAULT_EXTRACTIVE_SETTINGS,
    /** The clock relative dates count from (去年, this year), ISO yyyy-mm-dd: the system's date unless the composition root injects one. */
    private readonly today: () => string = () => isoDay(new Date()),
  ) {}

  async *answer(messages: readonly ChatMessage[], options: AnswerOptions = {}): AsyncIterable<AnswerEvent> {
    try {
      const dated = { ...options, today: options.today ?? this.today() };
      const engine = { retriever: this.retriever, store: this.store };
      let context = await retrieveForAnswer(engine, messages, dated);
      // A follow-up whose rewritten question finds nothing is tried once more as asked, after the question before it.
      const lastUser = messages.map((message) => message.role).lastIndexOf('user');
      if (!context.retrieval.covered && messages.slice(0, lastUser).some((message) => message.role === 'user')) {
        const together = `${standaloneQuestion(messages.slice(0, lastUser), dated.today).question} ${lastUserMessage(messages)}`;
        const retry = await retrieveForAnswer(engine, messages, dated, () => together);
        if (retry.retrieval.covered) context = retry;
      }
      const { question, language, retrieval } = context;
      const emptyPeriod = retrieval.timeScope.scoped && retrieval.results.length === 0 && retrieval.timeScope.nearestDates.length > 0;
      const abstained = !retrieval.covered;
      const body = emptyPeriod
        ? emptyPeriodText(retrieval.query.dates.range, retrieval.timeScope.nearestDates, language)
        : abstained
          ? abstentionText(context.sources.slice(0, 3), language)
          : retrieval.coverage === 'partial'
            ? `${partialCoverageNote(language)}\n${composeExtractiveAnswer(retrieval, context.sources, language, this.settings)}`
            : composeExtractiveAnswer(retrieval, context.sources, language, this.settings);
      const notes = dateNotes(retrieval, language, dated.today);
      // Numbers follow the order the answer first cites its sources, with no gaps.
      const { text, sources } = renumberByFirstCitation(notes.length > 0 ? `${body}\n\n${notes.join('\n')}` : body, context.sources);
      yield { type: 'sources', sources };
      // Only verified text is streamed, so the deltas add up to the final text.
      const verified = verifyAnswer(text, sources, language);
      for (const line of verified.text.split(/(?<=\n)/u)) {
        options.signal?.throwIfAborted();
        yield { type: 'text-delta', delta: line };
      }
      yield {
        type: 'final',
        text: verified.text,
        citations: verified.citations,
        verification: verified.report,
        abstained,
        coverage: retrieval.coverage,
        query: question,
      };
    } catch (error) {
      yield answerError(error);
    }
  }
}
