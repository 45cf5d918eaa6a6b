// Turns whatever went wrong while answering into the stream's terminal `error` event.
import { isAppError } from '../errors.ts';
import type { AnswerEvent } from './types.ts';

type ErrorEvent = Extract<AnswerEvent, { type: 'error' }>;

export function answerError(error: unknown): ErrorEvent {
  if (isAppError(error))
    return withCause(
      {
        type: 'error',
        code: error.code,
        message: error.message,
        ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
      },
      error,
    );
  const name = (error as { name?: unknown })?.name;
  if (name === 'AbortError') return { type: 'error', code: 'aborted', message: 'the answer was cancelled' };
  return withCause({ type: 'error', code: 'internal', message: 'the answer could not be completed; please try again' }, error);
}

/** The cause rides along for the server's log, not enumerable, so that no serialisation of the event ever carries it. */
function withCause(event: ErrorEvent, cause: unknown): ErrorEvent {
  return Object.defineProperty(event, 'cause', { value: cause, enumerable: false });
}
