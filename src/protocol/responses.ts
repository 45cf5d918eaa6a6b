// The JSON bodies the speechcite API answers with, beside the requests (requests.ts) and the event
// stream (chat-events.ts); the OpenAPI document describes every response with these.
import * as z from 'zod/mini';
import { coverageSchema, excerptSchema, excerptSummarySchema, sourceSchema, spanSchema, verificationSchema } from './answer-shapes.ts';

/** POST /api/chat with stream false. */
export const chatResponseSchema = z.object({
  /** The answer's id, for POST /api/feedback; present when the server records answers. */
  id: z.optional(z.string()),
  answer: z.string(),
  abstained: z.boolean(),
  /** answered; partial: the excerpts quoted may not address the question directly; not_covered: abstained. */
  coverage: coverageSchema,
  sources: z.array(sourceSchema),
  citations: z.array(z.int()),
  verification: verificationSchema,
  /** The model stopped at its length limit; the answer says so before its sources. */
  truncated: z.optional(z.literal(true)),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/** POST /api/search, and `npm run search -- --json`. */
export const searchResponseSchema = z.object({
  query: z.string(),
  /** False when the excerpts do not cover the query. */
  covered: z.boolean(),
  confidence: z.number(),
  results: z.array(
    z.object({
      ...z.omit(excerptSchema, { documentTitle: true, heading: true, attribution: true }).shape,
      /** Relative score, 0–1, higher is better. */
      score: z.number(),
      /** Offsets of the query's terms in text. */
      matches: z.array(spanSchema),
      /** Offsets of the sentence that matches best. */
      bestSentence: spanSchema,
    }),
  ),
});
export type SearchResponse = z.infer<typeof searchResponseSchema>;

/** GET /api/sources. */
export const sourcesResponseSchema = z.object({ sources: z.array(excerptSummarySchema) });
export type SourcesResponse = z.infer<typeof sourcesResponseSchema>;

/** GET /api/site: how the pages and the widget present the corpus, from its profile or derived from the corpus. */
export const siteResponseSchema = z.object({
  language: z.enum(['zh', 'en']),
  /** The site's title, e.g. 「12 篇讲话 · 2023年9月—2025年4月」 when the profile gives none. */
  title: z.string(),
  subtitle: z.string(),
  /** The question input's placeholder. */
  placeholder: z.string(),
  /** Questions to offer before the first one is asked; empty when the corpus suggests none it surely covers. */
  starters: z.array(z.string()),
});
export type SiteResponse = z.infer<typeof siteResponseSchema>;

/** GET /readyz once the index is loaded (before, 503 with ready false and the status). */
export const readinessSchema = z.object({
  ready: z.boolean(),
  status: z.optional(z.string()),
  mode: z.optional(z.enum(['offline', 'llm'])),
  chatModel: z.optional(z.string()),
  index: z.optional(z.object({ documents: z.int(), excerpts: z.int(), chunks: z.int(), embedder: z.string(), dimensions: z.int(), builtAt: z.string() })),
});
