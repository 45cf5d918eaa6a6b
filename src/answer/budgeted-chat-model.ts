// A chat model that holds part of a token budget for each request: before the request, the most its
// prompt can count and the most the model may write are reserved; once it has ended, the reservation is
// settled to the tokens really used. Requests that run at once therefore cannot spend more than the
// budget between them, which a check before and a count after could not promise.
import type { ChatModel, ModelEvent, ModelMessage } from './chat-model.ts';

/** A hold on part of the budget, settled exactly once with the tokens used (input and output). */
export interface ModelReservation {
  settle(tokensUsed: number): void;
}

export interface ModelBudget {
  /** Reserves `tokens`, or rejects (an AppError `budget_exhausted`) when they do not fit. */
  reserve(tokens: number): Promise<ModelReservation>;
}

/** What a chat template adds around each message, and to prime the reply, at most (OpenAI's accounting is 3 and 3). */
const TOKENS_PER_MESSAGE = 8;

/**
 * The most tokens `text` can be: a byte-level tokenizer (o200k, Llama's, Qwen's) never makes more tokens
 * than the text has UTF-8 bytes. Counting with the tokenizer itself would be closer (about a quarter of
 * this for Chinese) but takes 65–300 ms for a 3,000-character prompt in js-tiktoken, on the event loop;
 * the excess is held only until the request ends.
 */
export function tokenBound(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export class BudgetedChatModel implements ChatModel {
  /** @param maxOutputTokens the most one reply may hold (sent to the model as max_tokens) */
  constructor(
    private readonly inner: ChatModel,
    private readonly budget: ModelBudget,
    private readonly maxOutputTokens: number,
  ) {}

  async *stream(messages: readonly ModelMessage[], signal?: AbortSignal): AsyncIterable<ModelEvent> {
    const promptBound = messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + tokenBound(message.content), TOKENS_PER_MESSAGE);
    const reservation = await this.budget.reserve(promptBound + this.maxOutputTokens);
    let answered = false;
    let used: number | undefined;
    let writtenBound = 0;
    try {
      for await (const event of this.inner.stream(messages, signal)) {
        answered = true;
        if (event.type === 'usage') used = event.inputTokens + event.outputTokens;
        else if (event.type === 'content' || event.type === 'reasoning') writtenBound += tokenBound(event.text);
        yield event;
      }
    } finally {
      // A request the model never answered (refused, unreachable, an error status) is not billed; one that
      // failed or was cancelled midway may have been: its prompt and what it wrote, counted at most.
      reservation.settle(used ?? (answered ? promptBound + writtenBound : 0));
    }
  }
}
