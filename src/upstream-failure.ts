// What an OpenAI-compatible server's refusal means for the person running speechcite, in one place
// for the chat model and the embedding model: the same status gets the same advice wherever it arises.
import { AppError } from './errors.ts';

/** A failure of an upstream server, with whether trying again could help. */
export class UpstreamFailure extends AppError {
  constructor(
    message: string,
    readonly retryable: boolean,
    cause?: unknown,
  ) {
    super('upstream_unavailable', message, { cause });
  }
}

export interface UpstreamContext {
  /** Which server, as the message names it: 'the model server', 'the embedding server'. */
  server: string;
  model: string;
  /** The setting that names the model, for the advice on a 404. */
  modelSetting: string;
  /** The server's own words, only to recognise a request too long for the model; never shown. */
  detail?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /** What to say when the request was too long for the model, which depends on what was sent. */
  tooLong?: string;
}

/** The error for an HTTP status from an upstream server, naming what to check. */
export function upstreamStatusError(status: number, context: UpstreamContext): AppError {
  const { server, retryAfterSeconds } = context;
  if (status === 401 || status === 403) return new AppError('upstream_auth', `${server} refused the API key: check OPENAI_API_KEY`);
  if (status === 404) return new AppError('upstream_unavailable', `${server} does not know the model ${context.model}: check ${context.modelSetting}`);
  if (status === 429 || (status === 503 && retryAfterSeconds !== undefined)) {
    const when = retryAfterSeconds !== undefined ? `try again in ${retryAfterSeconds} s` : 'please try again shortly';
    return new AppError('upstream_rate_limited', `${server} is rate limiting requests; ${when}`, retryAfterSeconds !== undefined ? { retryAfterSeconds } : {});
  }
  if (status >= 500) return new UpstreamFailure(`${server} failed (${status}); please try again`, true);
  if (status === 400 && /context|too long|maximum/iu.test(context.detail ?? '')) {
    return new AppError('upstream_unavailable', context.tooLong ?? `the text sent is too long for the model ${context.model}`);
  }
  return new UpstreamFailure(`${server} refused the request (${status}); please try again`, false);
}

/**
 * The error for a failure thrown by an upstream client library (the openai SDK under LangChain): its
 * HTTP status when it has one, otherwise a time-out or an unreachable server.
 */
export function upstreamClientError(error: unknown, context: UpstreamContext): AppError {
  if (error instanceof AppError) return error;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return upstreamStatusError(status, context);
  const name = (error as { name?: unknown }).name;
  if (name === 'AbortError' || name === 'TimeoutError' || name === 'APIConnectionTimeoutError') {
    return new AppError('upstream_timeout', `${context.server} did not answer in time; please try again`, { cause: error });
  }
  return new UpstreamFailure(`${context.server} could not be reached: check OPENAI_BASE_URL`, true, error);
}
