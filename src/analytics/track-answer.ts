// Gives every answer an id, carried by its `final` event, and hands the finished answer to a recorder.
import { randomUUID } from 'node:crypto';
import type { AnswerEvent, Source } from '../answer/types.ts';
import type { FinishedAnswer } from './answer-recorder.ts';
import type { CitedSpeech, Coverage } from './types.ts';

export interface AnswerContext {
  question: string;
  language: string | undefined;
}

type FinalEvent = Extract<AnswerEvent, { type: 'final' }>;

/** The answer's three-state coverage, as the engine reports it. */
export function coverageOf(final: FinalEvent): Coverage {
  return final.coverage;
}

/** The distinct speeches (date and occasion) among the sources the answer cites. */
export function citedSpeeches(sources: readonly Source[], citations: readonly number[]): CitedSpeech[] {
  const speeches = new Map<string, CitedSpeech>();
  for (const source of sources) {
    if (!citations.includes(source.n)) continue;
    speeches.set(`${source.date}\u0000${source.occasion}`, { date: source.date, occasion: source.occasion, documentTitle: source.documentTitle });
  }
  return [...speeches.values()];
}

/**
 * Relays the events, adding the answer's id to `final`; `record` (when given) gets the finished
 * answer just before its `final` is passed on. Errors and cancelled answers are not recorded.
 * @example for await (const event of trackAnswer(events, { question, language: undefined }, recorder.record)) send(event)
 */
export async function* trackAnswer(
  events: AsyncIterable<AnswerEvent>,
  context: AnswerContext,
  record?: (answer: FinishedAnswer) => void,
): AsyncIterable<AnswerEvent> {
  const id = randomUUID();
  let sources: Source[] = [];
  for await (const event of events) {
    if (event.type === 'sources') sources = event.sources;
    if (event.type !== 'final') {
      yield event;
      continue;
    }
    record?.({
      id,
      createdAt: Date.now(),
      question: context.question,
      language: context.language,
      coverage: coverageOf(event),
      cited: citedSpeeches(sources, event.citations),
    });
    yield { ...event, id };
  }
}
