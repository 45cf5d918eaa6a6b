// The chat model over the wire: an OpenAI-compatible /chat/completions stream read with a real SSE
// parser, so that what providers really do is seen and handled here: keep-alive comments, reasoning
// text, a finish without usage or usage without [DONE], a stream cut short, Retry-After.
// (LangChain's ChatOpenAI hides exactly these: it cannot tell a stream closed early from a finished one.)
import { createParser } from 'eventsource-parser';
import { AppError } from '../errors.ts';
import { UpstreamFailure, upstreamStatusError } from '../upstream-failure.ts';
import { countMessageTokens, countTokens } from './count-tokens.ts';

export interface ModelMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type ModelEvent =
  | { type: 'content'; text: string }
  /** Reasoning text (DeepSeek's reasoning_content and the like): progress, never shown. */
  | { type: 'reasoning'; text: string }
  | { type: 'finish'; reason: string }
  | { type: 'usage'; inputTokens: number; outputTokens: number; counted: 'upstream' | 'tokenizer' };

export interface ChatModel {
  /** Streams one completion; always ends with `finish` then `usage`, or throws an AppError. */
  stream(messages: readonly ModelMessage[], signal?: AbortSignal): AsyncIterable<ModelEvent>;
}

export interface ChatTimeLimits {
  /** From sending the request to the first byte of the body (an SSE comment counts), ms. */
  firstByteMs: number;
  /** The longest silence allowed between two chunks, ms. */
  idleMs: number;
  /** The overall limit before any progress, ms; it includes retries and their waits. */
  totalMs: number;
  /** How much each streamed character (answer or reasoning) adds to the overall limit, ms. */
  growthMsPerChar: number;
  /** The overall limit never grows past this, ms. */
  maxTotalMs: number;
}

export interface ChatModelSettings {
  model: string;
  apiKey: string | undefined;
  /** e.g. https://api.openai.com/v1 */
  baseURL: string;
  limits: ChatTimeLimits;
  /** Retries before any text arrived: 429 and 503 with a Retry-After the time limit allows, other 5xx, connection failures. */
  maxRetries: number;
  /** A Retry-After longer than this is reported to the user as a rate limit instead of waited out, ms. */
  maxRetryWaitMs: number;
  /** The most one reply may hold, sent as max_tokens; it bounds what a request can cost the daily budget. */
  maxOutputTokens?: number | undefined;
}

/** After finish_reason, how long to wait for a usage chunk or the end before using the answer as it is (ms); Ollama sends neither. */
const AFTER_FINISH_MS = 1000;
/** First retry delay when the server names none; doubled each time (the openai SDK's default is 0.5 s). */
const BACKOFF_MS = 500;
/** An error body is read for its message up to this length. */
const ERROR_BODY_CHARS = 2000;

type Stop = { kind: 'first-byte' | 'idle' | 'total' | 'finished' };

export class OpenAICompatibleChatModel implements ChatModel {
  constructor(private readonly settings: ChatModelSettings) {}

  async *stream(messages: readonly ModelMessage[], signal?: AbortSignal): AsyncIterable<ModelEvent> {
    const started = Date.now();
    const clock = { started, streamedChars: 0 };
    for (let attempt = 0; ; attempt++) {
      let yielded = false;
      try {
        for await (const event of this.attempt(messages, signal, clock)) {
          yielded = true;
          yield event;
        }
        return;
      } catch (error) {
        const wait = yielded ? undefined : this.retryWait(error, attempt, clock);
        if (wait === undefined) throw error;
        await sleep(wait, signal);
      }
    }
  }

  private deadline(clock: { started: number; streamedChars: number }): number {
    const { totalMs, growthMsPerChar, maxTotalMs } = this.settings.limits;
    return clock.started + Math.min(maxTotalMs, totalMs + growthMsPerChar * clock.streamedChars);
  }

  /** How long to wait before trying again, or undefined to give up with this error. */
  private retryWait(error: unknown, attempt: number, clock: { started: number; streamedChars: number }): number | undefined {
    if (!(error instanceof AppError) || error.code === 'aborted' || error.code === 'upstream_auth' || error.code === 'upstream_timeout') return undefined;
    const retryable = error.code === 'upstream_rate_limited' || (error.code === 'upstream_unavailable' && (error as UpstreamFailure).retryable === true);
    if (!retryable || attempt >= this.settings.maxRetries) return undefined;
    const asked = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    const wait = asked ?? BACKOFF_MS * 2 ** attempt;
    // A wait the time limit cannot hold is not started: the user hears at once that the server is rate limiting.
    if (asked !== undefined && asked > this.settings.maxRetryWaitMs) return undefined;
    if (Date.now() + wait >= this.deadline(clock)) return undefined;
    return wait;
  }

  private async *attempt(
    messages: readonly ModelMessage[],
    signal: AbortSignal | undefined,
    clock: { started: number; streamedChars: number },
  ): AsyncIterable<ModelEvent> {
    const { limits } = this.settings;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (signal?.aborted) onCallerAbort();

    let phase: 'first-byte' | 'idle' | 'finished' = 'first-byte';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      const limit = phase === 'first-byte' ? limits.firstByteMs : phase === 'idle' ? limits.idleMs : AFTER_FINISH_MS;
      const untilDeadline = this.deadline(clock) - Date.now();
      const stop: Stop = { kind: untilDeadline < limit && phase !== 'finished' ? 'total' : phase };
      timer = setTimeout(() => controller.abort(stop), Math.max(0, Math.min(limit, untilDeadline)));
    };
    arm();

    let content = '';
    let reasoning = '';
    let finish: string | undefined;
    let usage: Extract<ModelEvent, { type: 'usage' }> | undefined;
    const queue: ModelEvent[] = [];
    let done = false;
    let malformed = false;
    let reported: AppError | undefined;
    const parser = createParser({
      onEvent: (message) => {
        if (message.data === '[DONE]') {
          done = true;
          return;
        }
        let chunk: OpenAIChunk;
        try {
          chunk = JSON.parse(message.data) as OpenAIChunk;
        } catch {
          malformed = true;
          return;
        }
        if (chunk.error) {
          // An error inside a stream that began well (OpenAI and vLLM send one on overload).
          reported = new UpstreamFailure('the model server failed in the middle of the answer; please try again', content === '' && reasoning === '');
          return;
        }
        for (const choice of chunk.choices ?? []) {
          const piece = choice.delta?.content;
          const thought = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
          if (typeof thought === 'string' && thought !== '') {
            reasoning += thought;
            clock.streamedChars += thought.length;
            queue.push({ type: 'reasoning', text: thought });
          }
          if (typeof piece === 'string' && piece !== '') {
            content += piece;
            clock.streamedChars += piece.length;
            queue.push({ type: 'content', text: piece });
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
        if (chunk.usage && typeof chunk.usage.prompt_tokens === 'number') {
          usage = { type: 'usage', inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens ?? 0, counted: 'upstream' };
        }
      },
    });

    try {
      const response = await fetch(`${this.settings.baseURL.replace(/\/+$/u, '')}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.settings.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          temperature: 0,
          ...(this.settings.maxOutputTokens !== undefined ? { [outputLimitParameter(this.settings.model)]: this.settings.maxOutputTokens } : {}),
        }),
        signal: controller.signal,
      });
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        throw failure(response.status, errorMessage(body), this.settings.model, retryAfterSeconds(response.headers));
      }
      if (!response.body) throw failure(502, 'empty body', this.settings.model, undefined);
      const decoder = new TextDecoder();
      for await (const bytes of response.body) {
        if (phase === 'first-byte') phase = 'idle';
        parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
        if (malformed) throw new AppError('upstream_malformed', 'the model server sent a response that could not be read');
        if (reported) throw reported;
        while (queue.length > 0) yield queue.shift()!;
        if (finish !== undefined) phase = 'finished';
        // A finished answer is used even when the server keeps the connection open.
        if (done || (finish !== undefined && usage !== undefined)) break;
        arm();
      }
      parser.reset({ consume: true });
      if (reported) throw reported;
      if (malformed) throw new AppError('upstream_malformed', 'the model server sent a response that could not be read');
    } catch (error) {
      const stop = controller.signal.reason as Stop | undefined;
      if (signal?.aborted) throw new AppError('aborted', 'the answer was cancelled', { cause: error });
      if (!(controller.signal.aborted && stop?.kind === 'finished')) {
        if (error instanceof AppError) throw error;
        if (controller.signal.aborted && stop?.kind) throw timeoutError(stop.kind, limits, error);
        throw new UpstreamFailure('the connection to the model server failed or was cut off; please try again', content === '' && reasoning === '', error);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      // Closes a connection the server left open after a finished answer.
      if (!controller.signal.aborted) controller.abort({ kind: 'finished' } satisfies Stop);
    }

    if (finish === undefined) {
      // A stream that ends without a finish_reason was cut short, however cleanly it closed.
      throw new UpstreamFailure('the model server stopped before the answer was complete; please try again', content === '' && reasoning === '');
    }
    yield { type: 'finish', reason: finish };
    yield usage ?? { type: 'usage', inputTokens: countMessageTokens(messages), outputTokens: countTokens(reasoning + content), counted: 'tokenizer' };
  }
}

interface OpenAIChunk {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
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

function timeoutError(kind: Stop['kind'], limits: ChatTimeLimits, cause: unknown): AppError {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const message =
    kind === 'first-byte'
      ? `the model server sent nothing for ${seconds(limits.firstByteMs)}; please try again`
      : kind === 'idle'
        ? `the model server went silent for ${seconds(limits.idleMs)} in the middle of the answer; please try again`
        : 'the model server did not finish answering in time; please try again';
  return new AppError('upstream_timeout', message, { cause });
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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('aborted', 'the answer was cancelled'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('aborted', 'the answer was cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
