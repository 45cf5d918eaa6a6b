// What the answer layer asks of a chat model: messages in, a stream of content, reasoning, finish and usage out.

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
