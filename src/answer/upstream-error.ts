// Names what went wrong with the model server in words a user can act on, never with its internals.
import { AppError } from '../errors.ts';

export interface UpstreamContext {
  /** Our own per-request time limit fired. */
  timedOut: boolean;
  /** The caller cancelled (the client went away, or Stop was pressed). */
  cancelled: boolean;
  model: string;
}

export function upstreamError(error: unknown, context: UpstreamContext): AppError {
  if (error instanceof AppError) return error;
  if (context.cancelled) return new AppError('aborted', 'the answer was cancelled', { cause: error });
  if (context.timedOut) return new AppError('upstream_timeout', `the model server did not finish answering in time; please try again`, { cause: error });
  const status = (error as { status?: unknown }).status ?? (error as { response?: { status?: unknown } }).response?.status;
  if (status === 401 || status === 403) return new AppError('upstream_auth', 'the model server refused the API key: check OPENAI_API_KEY', { cause: error });
  if (status === 404) return new AppError('upstream_unavailable', `the model server does not know the model ${context.model}: check CHAT_MODEL`, { cause: error });
  if (status === 429) return new AppError('upstream_rate_limited', 'the model server is rate limiting requests; please try again shortly', { cause: error });
  if (typeof status === 'number' && status >= 500) return new AppError('upstream_unavailable', `the model server failed (${status}); please try again`, { cause: error });
  if (error instanceof SyntaxError || /parse|json|unexpected token/iu.test(String((error as Error)?.message))) {
    return new AppError('upstream_malformed', 'the model server sent a response that could not be read', { cause: error });
  }
  const name = (error as { name?: unknown })?.name;
  if (name === 'TimeoutError' || /timed? ?out/iu.test(String((error as Error)?.message))) return new AppError('upstream_timeout', 'the model server did not answer in time; please try again', { cause: error });
  return new AppError('upstream_unavailable', 'the connection to the model server failed or was cut off; please try again', { cause: error });
}
