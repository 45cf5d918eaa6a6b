// The OpenAI-compatible shapes of POST /v1/chat/completions and GET /v1/models, as far as this
// service uses them, with the extra fields it adds (sources, citations, abstained). The full zod, as only the
// server reads these (the widget's bundle never does); the shapes an answer shares with the widget come from
// answer-shapes.ts (zod/mini), which both kinds of schema compose with.
import { z } from 'zod';
import * as mini from 'zod/mini';
import { coverageSchema, sourceSchema } from './answer-shapes.ts';
import type { RequestLimits } from './requests.ts';

/** OpenAI's chat.completions request, as far as this service uses it; unknown fields are accepted and ignored, as OpenAI clients send many. */
export function openAIChatRequestSchema(limits: RequestLimits) {
  const content = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough())]);
  return z
    .object({
      model: z.string().max(200).optional(),
      messages: z
        .array(z.object({ role: z.enum(['system', 'user', 'assistant', 'developer', 'tool']), content: content.nullable().optional() }).passthrough())
        .min(1)
        .max(limits.maxMessages * 2),
      stream: z.boolean().default(false),
      /** include_usage: a last chunk with the usage, as OpenAI sends it. */
      stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    })
    .passthrough();
}

export type OpenAIChatRequest = z.infer<ReturnType<typeof openAIChatRequestSchema>>;

/** A source as the OpenAI route lists it: the numbered metadata of sourceSchema, without the text and highlight. */
export const sourceSummarySchema = mini.omit(sourceSchema, { text: true, highlight: true });
export type SourceSummary = z.infer<typeof sourceSummarySchema>;

const answerExtras = {
  sources: z.array(sourceSummarySchema).describe('the numbered sources the [n] markers refer to'),
  citations: z.array(z.int()).describe('the source numbers the answer cites'),
  abstained: z.boolean().describe('true when the excerpts do not cover the question'),
  coverage: z.enum(coverageSchema.options).describe('answered; partial: the excerpts quoted may not address the question directly; not_covered: abstained'),
};
/** The model's tokens for the answer; zeros for offline answers, which use none. */
const usageSchema = z.object({ prompt_tokens: z.int(), completion_tokens: z.int(), total_tokens: z.int() });
/** "length" when the model stopped at its length limit (the text then says so). */
const finishReasonSchema = z.enum(['stop', 'length']);

export const chatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.int(),
  model: z.string(),
  choices: z.array(z.object({ index: z.int(), message: z.object({ role: z.literal('assistant'), content: z.string() }), finish_reason: finishReasonSchema })),
  usage: usageSchema,
  ...answerExtras,
});
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

/** One `data:` line of the streamed completion; the chunk with the finish_reason carries the extras. */
export const chatCompletionChunkSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.int(),
      delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
      finish_reason: finishReasonSchema.nullable(),
    }),
  ),
  /** With stream_options.include_usage: null on every chunk, and the usage on a last chunk whose choices are empty. */
  usage: usageSchema.nullable().optional(),
  sources: answerExtras.sources.optional(),
  citations: answerExtras.citations.optional(),
  abstained: answerExtras.abstained.optional(),
  coverage: answerExtras.coverage.optional(),
});
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;

/** What a stream sends instead of a chunk when the answer fails: OpenAI clients raise it as an error. */
export const chatCompletionErrorChunkSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    type: z.string(),
    retry_after_seconds: z.int().optional().describe('for a rate limit: seconds to wait'),
  }),
});

export const modelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(z.object({ id: z.string(), object: z.literal('model'), created: z.int(), owned_by: z.string() })),
});
export type ModelList = z.infer<typeof modelListSchema>;
