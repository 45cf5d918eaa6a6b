// Gives every answer an id, carried by its `final` event, and hands the finished answer to a recorder.
import type { AnswerEvent, Source } from '../answer/types.ts';
import { answerId } from './answer-id.ts';
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

/** Takes one event of an answer and returns the event to pass on in its place. */
export type AnswerTracker = (event: AnswerEvent) => AnswerEvent;

/**
 * Follows one answer's events: at `final` it gives the answer its id and hands the finished answer to
 * `record` (when given) before `final` is passed on. Errors and cancelled answers are not recorded.
 * A function called from the loop that already relays the events, rather than a stream of its own:
 * another async-generator layer would cost every event a promise and a microtask turn.
 * @example const track = answerTracker({ question, language: undefined }, recorder.record); for await (const event of events) send(track(event))
 */
export function answerTracker(context: AnswerContext, record?: (answer: FinishedAnswer) => void): AnswerTracker {
  let sources: readonly Source[] = [];
  return (event) => {
    if (event.type === 'sources') sources = event.sources;
    if (event.type !== 'final') return event;
    const createdAt = Date.now();
    const id = answerId(createdAt);
    record?.({
      id,
      createdAt,
      question: context.question,
      language: context.language,
      coverage: coverageOf(event),
      cited: citedSpeeches(sources, event.citations),
    });
    return { ...event, id };
  };
}
