// Reads an OpenAI-compatible chat stream as its bytes arrive: SSE through eventsource-parser, each chunk's
// content, reasoning text (DeepSeek's reasoning_content and the like), finish_reason and usage, an error
// sent inside the stream, and data that is not JSON.
import { createParser } from 'eventsource-parser';
import { AppError } from '../errors.ts';
import { UpstreamFailure } from '../upstream-failure.ts';
import type { ModelEvent } from './chat-model.ts';

interface OpenAIChunk {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

export class ChatStreamReader {
  /** The answer text so far. */
  content = '';
  /** The reasoning text so far. */
  reasoning = '';
  /** The finish_reason, once a chunk has given one. */
  finish: string | undefined;
  /** Token counts as the server reported them. */
  usage: Extract<ModelEvent, { type: 'usage' }> | undefined;
  /** True once [DONE] arrived. */
  done = false;
  private readonly queue: ModelEvent[] = [];
  private malformed = false;
  private reported: AppError | undefined;
  private readonly decoder = new TextDecoder();
  private readonly parser = createParser({ onEvent: (message) => this.read(message.data) });

  /** @param clock counts every streamed character (answer or reasoning), which extends the time limit. */
  constructor(private readonly clock: { streamedChars: number }) {}

  /** Reads a piece of the body and returns the events it completed; throws what the server reported or sent malformed. */
  feed(bytes: Uint8Array): ModelEvent[] {
    this.parser.feed(this.decoder.decode(bytes, { stream: true }));
    if (this.malformed) throw malformedError();
    if (this.reported) throw this.reported;
    return this.queue.splice(0);
  }

  /** Reads what the parser still holds once the body has ended. */
  end(): void {
    this.parser.reset({ consume: true });
    if (this.reported) throw this.reported;
    if (this.malformed) throw malformedError();
  }

  /** Whether nothing of the answer or its reasoning has arrived, so that trying again repeats nothing. */
  get nothingYet(): boolean {
    return this.content === '' && this.reasoning === '';
  }

  private read(data: string): void {
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: OpenAIChunk;
    try {
      chunk = JSON.parse(data) as OpenAIChunk;
    } catch {
      this.malformed = true;
      return;
    }
    if (chunk.error) {
      // An error inside a stream that began well (OpenAI and vLLM send one on overload).
      this.reported = new UpstreamFailure('the model server failed in the middle of the answer; please try again', this.nothingYet);
      return;
    }
    for (const choice of chunk.choices ?? []) {
      const piece = choice.delta?.content;
      const thought = choice.delta?.reasoning_content ?? choice.delta?.reasoning;
      if (typeof thought === 'string' && thought !== '') {
        this.reasoning += thought;
        this.clock.streamedChars += thought.length;
        this.queue.push({ type: 'reasoning', text: thought });
      }
      if (typeof piece === 'string' && piece !== '') {
        this.content += piece;
        this.clock.streamedChars += piece.length;
        this.queue.push({ type: 'content', text: piece });
      }
      if (choice.finish_reason) this.finish = choice.finish_reason;
    }
    if (chunk.usage && typeof chunk.usage.prompt_tokens === 'number') {
      this.usage = { type: 'usage', inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens ?? 0, counted: 'upstream' };
    }
  }
}

function malformedError(): AppError {
  return new AppError('upstream_malformed', 'the model server sent a response that could not be read');
}
