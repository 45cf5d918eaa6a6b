// One answer as its events arrive: waiting → streaming → done, or stopped (the reader asked) or
// failed (the service refused, broke off, or could not be reached). A reducer over the protocol's
// events, with no DOM, so that the views only ever render a state.
import { type ChatEvent, ServiceError, type WidgetSource } from '../api-client.ts';

export type AnswerPhase = 'waiting' | 'streaming' | 'done' | 'stopped' | 'failed';

export interface AnswerState {
  phase: AnswerPhase;
  /** The answer's text so far, with its [n] markers. */
  text: string;
  sources: WidgetSource[];
  /** The source numbers the final answer cites. */
  citations: number[];
  /** The answer's id from its final event, for feedback on it (when the server records answers). */
  id?: string | undefined;
  /** Why it failed: the service's message, or undefined when the service could not be reached. */
  failure?: string | undefined;
}

export const WAITING: AnswerState = { phase: 'waiting', text: '', sources: [], citations: [] };

export function nextAnswerState(state: AnswerState, event: ChatEvent): AnswerState {
  switch (event.event) {
    case 'sources':
      return { ...state, sources: event.data.sources };
    case 'text-delta':
      return { ...state, phase: 'streaming', text: state.text + event.data.delta };
    case 'final':
      return { ...state, phase: 'done', text: event.data.text, citations: event.data.citations, id: event.data.id };
    case 'error':
      return { ...state, phase: 'failed', failure: event.data.message };
  }
}

/**
 * Reads an answer's events to the end, telling `onChange` each new state, and resolves with the
 * last: `stopped` when the signal aborted it, `failed` with the reason when anything went wrong.
 */
export async function readAnswer(events: AsyncIterable<ChatEvent>, signal: AbortSignal, onChange: (state: AnswerState) => void): Promise<AnswerState> {
  let state = WAITING;
  try {
    for await (const event of events) {
      state = nextAnswerState(state, event);
      onChange(state);
      if (state.phase === 'failed') return state;
    }
    // A stream that ends without its final event keeps what it gave, as the answer.
    return state.phase === 'done' ? state : { ...state, phase: 'done' };
  } catch (error) {
    if (signal.aborted) return { ...state, phase: 'stopped' };
    return { ...state, phase: 'failed', failure: error instanceof ServiceError ? error.message : undefined };
  }
}
