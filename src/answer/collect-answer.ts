// Runs an answerer to the end and gathers its events, for callers that do not stream.
import type { AnswerEvent, AnswerOptions, Answerer, ChatMessage, Source } from './types.ts';

export interface CollectedAnswer {
  sources: Source[];
  /** The text as it was streamed, before verification. */
  streamedText: string;
  final: Extract<AnswerEvent, { type: 'final' }> | undefined;
  error: Extract<AnswerEvent, { type: 'error' }> | undefined;
}

export function collectAnswer(
  answerer: Answerer,
  messages: readonly ChatMessage[],
  options: AnswerOptions = {},
  onEvent?: (event: AnswerEvent) => void,
): Promise<CollectedAnswer> {
  return collectEvents(answerer.answer(messages, options), onEvent);
}

/** Gathers an answer's events from a stream already started. */
export async function collectEvents(events: AsyncIterable<AnswerEvent>, onEvent?: (event: AnswerEvent) => void): Promise<CollectedAnswer> {
  const collected: CollectedAnswer = { sources: [], streamedText: '', final: undefined, error: undefined };
  for await (const event of events) {
    onEvent?.(event);
    if (event.type === 'sources') collected.sources = event.sources;
    else if (event.type === 'text-delta') collected.streamedText += event.delta;
    else if (event.type === 'final') collected.final = event;
    else collected.error = event;
  }
  return collected;
}
