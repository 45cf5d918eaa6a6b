// The shapes an answer shares with every reader: the HTTP API, the OpenAI route, the CLI and the
// browser widget. zod/mini, so the widget's bundle stays small (the full zod would add ~430 KB).
import * as z from 'zod/mini';

export const answerLanguageSchema = z.enum(['zh', 'zh-Hant', 'en']);
export type AnswerLanguage = z.infer<typeof answerLanguageSchema>;

/** Offsets into a text, UTF-16 code units, end exclusive. */
export const spanSchema = z.object({ start: z.int(), end: z.int() });
export type Span = z.infer<typeof spanSchema>;

/** An ISO calendar day, yyyy-mm-dd. */
const isoDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/u));

/** A numbered source an answer may cite as [n]. */
export const sourceSchema = z.object({
  n: z.int(),
  id: z.string(),
  section: z.int(),
  documentTitle: z.string(),
  /** Who gave the speech, when its file says. */
  speaker: z.optional(z.string()),
  /**
   * Who said it and in which document, present when the corpus has several speakers or documents:
   * what a citation shows before the date, e.g. 李华 · 《城市公共交通》.
   */
  byline: z.optional(z.string()),
  date: isoDay,
  occasion: z.string(),
  /** The excerpt's full text. */
  text: z.string(),
  /** The sentence of the excerpt that matched the question best. */
  highlight: spanSchema,
});
export type Source = z.infer<typeof sourceSchema>;

/** Whether the excerpts cover a question: answered; partial (the nearest, which may not address it directly); not_covered. */
export const coverageSchema = z.enum(['answered', 'partial', 'not_covered']);
export type CoverageState = z.infer<typeof coverageSchema>;

export const verificationSchema = z.object({
  /** [n] markers that named no given source; they were removed from the text. */
  invalidMarkers: z.int(),
  /** Quoted spans not found verbatim in a source they cite; marked in the text. */
  unverifiedQuotes: z.array(z.string()),
  /** Dates stated in the answer that match none of the sources cited with them. */
  dateMismatches: z.array(z.string()),
});
export type VerificationReport = z.infer<typeof verificationSchema>;

/** An error as every route answers it, and as the stream's terminal `error` event carries it. */
export const publicErrorSchema = z.object({ code: z.string(), message: z.string() });
export const errorBodySchema = z.object({ error: publicErrorSchema });

/** An excerpt as GET /api/sources lists it. */
export const excerptSummarySchema = z.object({
  id: z.string(),
  documentId: z.string(),
  documentTitle: z.string(),
  /** Who gave the speech, when its file says. */
  speaker: z.optional(z.string()),
  section: z.int(),
  date: isoDay,
  occasion: z.string(),
});
export type ExcerptSummary = z.infer<typeof excerptSummarySchema>;

/** One excerpt with its full text, as GET /api/sources/{id} answers. */
export const excerptSchema = z.object({
  ...excerptSummarySchema.shape,
  /** The section heading as written, e.g. 十五. */
  heading: z.string(),
  /** The attribution line as printed (occasion and date), without its brackets. */
  attribution: z.string(),
  text: z.string(),
});
export type Excerpt = z.infer<typeof excerptSchema>;
