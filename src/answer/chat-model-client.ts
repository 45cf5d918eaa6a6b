// The chat model over the wire: time limits, retries and cancellation around an OpenAI-compatible
// /chat/completions stream (the request in chat-completion-request.ts, the wire in chat-stream-reader.ts), so
// that what providers really do is seen and handled here: keep-alive comments, reasoning text, a finish without
// usage or usage without [DONE], a stream cut short, Retry-After.
// (LangChain's ChatOpenAI hides exactly these: it cannot tell a stream closed early from a finished one.)
import { AppError } from '../errors.ts';
import { UpstreamFailure } from '../upstream-failure.ts';
import { type ChatRequestSettings, rateLimitedError, refusedRequestError, sendChatRequest } from './chat-completion-request.ts';
import type { ChatModel, ModelEvent, ModelMessage } from './chat-model.ts';
import { ChatStreamReader } from './chat-stream-reader.ts';
import { countMessageTokens, countTokens } from './count-tokens.ts';

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

export interface ChatModelSettings extends ChatRequestSettings {
  limits: ChatTimeLimits;
  /** Retries before any text arrived: 429 and 503 with a Retry-After the time limit allows, other 5xx, connection failures. */
  maxRetries: number;
  /** A Retry-After longer than this is reported to the user as a rate limit instead of waited out, ms. */
  maxRetryWaitMs: number;
}

/** After finish_reason, how long to wait for a usage chunk or the end before using the answer as it is (ms); Ollama sends neither. */
const AFTER_FINISH_MS = 1000;
/** First retry delay when the server names none; doubled each time (the openai SDK's default is 0.5 s). */
const BACKOFF_MS = 500;

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
        if (wait === undefined) throw this.withRetryAfter(error, attempt);
        await sleep(wait, signal);
      }
    }
  }

  /**
   * A rate limit given up on always tells the client when to ask again: the server's Retry-After, or,
   * when it named none (a plain 429 after the retries), the wait the backoff would have taken next.
   */
  private withRetryAfter(error: unknown, attempt: number): unknown {
    if (!(error instanceof AppError) || error.code !== 'upstream_rate_limited' || error.retryAfterSeconds !== undefined) return error;
    return rateLimitedError(this.settings.model, Math.ceil((BACKOFF_MS * 2 ** attempt) / 1000));
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

    const reader = new ChatStreamReader(clock);
    try {
      const response = await sendChatRequest(this.settings, messages, controller.signal);
      if (!response.ok || !response.body) throw await refusedRequestError(response, this.settings.model);
      for await (const bytes of response.body) {
        if (phase === 'first-byte') phase = 'idle';
        yield* reader.feed(bytes as Uint8Array);
        if (reader.finish !== undefined) phase = 'finished';
        // A finished answer is used even when the server keeps the connection open.
        if (reader.done || (reader.finish !== undefined && reader.usage !== undefined)) break;
        arm();
      }
      reader.end();
    } catch (error) {
      const stop = controller.signal.reason as Stop | undefined;
      if (signal?.aborted) throw new AppError('aborted', 'the answer was cancelled', { cause: error });
      if (!(controller.signal.aborted && stop?.kind === 'finished')) {
        if (error instanceof AppError) throw error;
        if (controller.signal.aborted && stop?.kind) throw timeoutError(stop.kind, limits, error);
        throw new UpstreamFailure('the connection to the model server failed or was cut off; please try again', reader.nothingYet, error);
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
      // Closes a connection the server left open after a finished answer.
      if (!controller.signal.aborted) controller.abort({ kind: 'finished' } satisfies Stop);
    }

    if (reader.finish === undefined) {
      // A stream that ends without a finish_reason was cut short, however cleanly it closed.
      throw new UpstreamFailure('the model server stopped before the answer was complete; please try again', reader.nothingYet);
    }
    yield { type: 'finish', reason: reader.finish };
    yield reader.usage ?? {
      type: 'usage',
      inputTokens: countMessageTokens(messages),
      outputTokens: countTokens(reader.reasoning + reader.content),
      counted: 'tokenizer',
    };
  }
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
