// The request for an OpenAI-compatible /chat/completions stream, and the error a refused request becomes.
import type { AppError } from '../errors.ts';
import { upstreamStatusError } from '../upstream-failure.ts';
import type { ModelMessage } from './chat-model.ts';

/** An error body is read for its message up to this length. */
const ERROR_BODY_CHARS = 2000;

/** What a chat request is sent with. */
export interface ChatRequestSettings {
  model: string;
  apiKey: string | undefined;
  /** e.g. https://api.openai.com/v1 */
  baseURL: string;
  /** The most one reply may hold, sent as max_tokens; it bounds what a request can cost the daily budget. */
  maxOutputTokens?: number | undefined;
}

/** Sends the streamed /chat/completions request (temperature 0, usage asked for at the end). */
export function sendChatRequest(settings: ChatRequestSettings, messages: readonly ModelMessage[], signal: AbortSignal): Promise<Response> {
  return fetch(`${settings.baseURL.replace(/\/+$/u, '')}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
    },
    body: JSON.stringify({
      model: settings.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      ...(settings.maxOutputTokens !== undefined ? { [outputLimitParameter(settings.model)]: settings.maxOutputTokens } : {}),
    }),
    signal,
  });
}

/** The error for a response that is not a stream: a refusal by status, or a body missing. */
/** A rate limit of the model server's, with when to ask again (s), as a refused request reports one. */
export function rateLimitedError(model: string, retryAfterSeconds: number): AppError {
  return failure(429, undefined, model, retryAfterSeconds);
}

export async function refusedRequestError(response: Response, model: string): Promise<AppError> {
  if (response.ok) return failure(502, 'empty body', model, undefined);
  const body = await response.text().catch(() => '');
  return failure(response.status, errorMessage(body), model, retryAfterSeconds(response.headers));
}

/**
 * The name the output limit goes by for this model. OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…)
 * refuse max_tokens and take only max_completion_tokens; other OpenAI-compatible servers (Ollama, vLLM,
 * older OpenAI models) know max_tokens. The same split LangChain's ChatOpenAI makes by model name.
 * @example outputLimitParameter('o4-mini') // 'max_completion_tokens'
 */
export function outputLimitParameter(model: string): 'max_tokens' | 'max_completion_tokens' {
  const name = model.split('/').at(-1)!.toLowerCase();
  return /^(o\d|gpt-5)/u.test(name) ? 'max_completion_tokens' : 'max_tokens';
}

function failure(status: number, detail: string | undefined, model: string, retryAfterSeconds: number | undefined): AppError {
  return upstreamStatusError(status, {
    server: 'the model server',
    model,
    modelSetting: 'CHAT_MODEL',
    detail,
    retryAfterSeconds,
    tooLong: 'the question and its sources are too long for the model: shorten the conversation',
  });
}

/** The server's own words for the failure, for logs only: they never reach the user. */
function errorMessage(body: string): string | undefined {
  try {
    return String((JSON.parse(body) as { error?: { message?: unknown } }).error?.message ?? '');
  } catch {
    return body.slice(0, ERROR_BODY_CHARS);
  }
}

/** Retry-After in whole seconds, from retry-after-ms (OpenAI), or Retry-After as seconds or an HTTP date. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const milliseconds = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(milliseconds) && milliseconds >= 0) return Math.ceil(milliseconds / 1000);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
