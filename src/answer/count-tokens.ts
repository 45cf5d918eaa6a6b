// Token counts for providers that report none (Ollama and others), so the daily budget holds for
// every provider. o200k_base is the encoding of OpenAI's current models; for other models' own
// tokenizers it is an estimate of the right size, which is what a budget needs.
import { Tiktoken } from 'js-tiktoken/lite';
import o200kBase from 'js-tiktoken/ranks/o200k_base';

/** Tokens every chat message adds around its content (OpenAI's published accounting). */
const TOKENS_PER_MESSAGE = 3;
/** Tokens that prime the reply. */
const TOKENS_PER_REPLY = 3;

let encoder: Tiktoken | undefined;

/**
 * Builds the encoder on first need (1.4–1.9 s of CPU, once): only follow-up questions and providers
 * that report no usage need it, so offline answers and the CLI never pay for it. The server in LLM
 * mode calls it before it reports ready, so that no visitor's question waits for it.
 */
export function loadTokenizer(): Tiktoken {
  encoder ??= new Tiktoken(o200kBase);
  return encoder;
}

/** Whether the encoder has been built. */
export function tokenizerLoaded(): boolean {
  return encoder !== undefined;
}

export function countTokens(text: string): number {
  return text === '' ? 0 : loadTokenizer().encode(text).length;
}

export function countMessageTokens(messages: ReadonlyArray<{ role: string; content: string }>): number {
  return messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.content), TOKENS_PER_REPLY);
}
