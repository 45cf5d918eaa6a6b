// Every request body and path parameter of the speechcite API, as zod schemas with their types; the
// server validates with them and the OpenAPI document is generated from them. (The OpenAI route's are in openai.ts.)
import { z } from 'zod';

export interface RequestLimits {
  maxMessages: number;
  maxMessageChars: number;
}

/** Whether yyyy-mm-dd names a day of the calendar: 2024-02-29 does, 2024-13-45 and 0000-01-01 do not. */
function isCalendarDay(text: string): boolean {
  const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
  // Date.UTC reads years 1–99 as 1901–1999, which have the same leap years.
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/u, 'must be a date written yyyy-mm-dd')
  .refine(isCalendarDay, 'must be a day of the calendar (month 01–12, a day that month has, year from 0001)');

export const filtersSchema = z
  .object({
    from: isoDate.optional().describe('earliest speech date, inclusive'),
    to: isoDate.optional().describe('latest speech date, inclusive'),
    occasion: z.string().max(200).optional().describe('keep excerpts whose occasion contains this text'),
    speaker: z.string().trim().min(1).max(200).optional().describe('keep excerpts by this speaker, named as GET /api/sources names them'),
    document: z.string().trim().min(1).max(300).optional().describe('keep excerpts of this document, by its id or title'),
  })
  .strict();

export function chatRequestSchema(limits: RequestLimits) {
  const message = z
    .object({
      role: z.enum(['user', 'assistant']),
      content: z.string().min(1, 'must not be empty').max(limits.maxMessageChars, `must be at most ${limits.maxMessageChars} characters`),
    })
    .strict();
  return z
    .object({
      messages: z
        .array(message)
        .min(1, 'must hold at least one message')
        .max(limits.maxMessages, `must hold at most ${limits.maxMessages} messages`)
        .refine((messages) => messages.at(-1)?.role === 'user', 'must end with a user message'),
      stream: z.boolean().default(true).describe('false for one JSON response instead of server-sent events'),
      filters: filtersSchema.optional(),
      language: z.enum(['zh', 'zh-Hant', 'en']).optional().describe('answer language; by default that of the last question'),
    })
    .strict();
}

export const searchRequestSchema = z
  .object({
    query: z.string().trim().min(1, 'must not be empty').max(500),
    k: z.number().int().min(1).max(50).default(5),
    filters: filtersSchema.optional(),
  })
  .strict();

export const sourceIdSchema = z.object({ id: z.string().min(1).max(300) });

/** Most a feedback comment may hold, in characters: a sentence or two, not an essay. */
export const FEEDBACK_COMMENT_MAX_CHARS = 500;

export const feedbackRequestSchema = z
  .object({
    answerId: z.uuid('must be the id of an answer, from its final event').describe('the `id` of the answer, from its `final` event or JSON response'),
    rating: z.enum(['up', 'down']).describe('helpful (up) or unhelpful (down)'),
    comment: z
      .string()
      .trim()
      .max(FEEDBACK_COMMENT_MAX_CHARS, `must be at most ${FEEDBACK_COMMENT_MAX_CHARS} characters`)
      .optional()
      .describe('an optional short comment'),
  })
  .strict();

export type ChatRequest = z.infer<ReturnType<typeof chatRequestSchema>>;
export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type RetrievalFiltersInput = z.infer<typeof filtersSchema>;
