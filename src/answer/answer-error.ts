// Turns whatever went wrong while answering into the stream's terminal `error` event.
import { isAppError } from '../errors.ts';
import type { AnswerEvent } from './types.ts';

export function answerError(error: unknown): Extract<AnswerEvent, { type: 'error' }> {
  if (isAppError(error)) return { type: 'error', code: error.code, message: error.message, cause: error };
  const name = (error as { name?: unknown })?.name;
  if (name === 'AbortError') return { type: 'error', code: 'aborted', message: 'the answer was cancelled' };
  return { type: 'error', code: 'internal', message: 'the answer could not be completed; please try again', cause: error };
}
