// The answer engine's contract: a conversation in, an async stream of events out.
import type { Coverage } from '../retrieval/coverage-evidence.ts';
import type { RetrievalFilters } from '../retrieval/retriever.ts';
import type { AppErrorCode } from '../errors.ts';
import type { AnswerLanguage, Source, VerificationReport } from '../protocol/answer-shapes.ts';

export type { AnswerLanguage, Source, VerificationReport } from '../protocol/answer-shapes.ts';

export interface ChatMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

export interface AnswerOptions {
  filters?: RetrievalFilters;
  /** Answer in this language; by default, the language of the last question. */
  language?: AnswerLanguage;
  signal?: AbortSignal;
  /** Today, ISO yyyy-mm-dd: what 去年 and "this year" are relative to; by default the system's date. */
  today?: string;
}

/** Tokens the model used for an answer, as the provider reported them or, when it reported none, as counted here. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type AnswerEvent =
  | { type: 'sources'; sources: Source[] }
  | { type: 'text-delta'; delta: string }
  | {
      type: 'final';
      text: string;
      /** The source numbers the answer cites, ascending. */
      citations: number[];
      verification: VerificationReport;
      /** True when the answer says the excerpts do not cover the question. */
      abstained: boolean;
      /**
       * 'answered'; 'partial' when the answer quotes the nearest excerpts but says they may not address
       * the question directly; 'not_covered' when it says the excerpts do not cover it (abstained).
       */
      coverage: Coverage;
      /** The query retrieval ran, after follow-up rewriting. */
      query: string;
      /** The answer's id, for feedback on it; the server sets it (src/analytics/track-answer.ts). */
      id?: string;
      /** LLM mode: the tokens the model used for this answer, every request included. */
      usage?: TokenUsage;
      /** The model stopped at its length limit; the text says so before its sources. */
      truncated?: true;
    }
  | {
      type: 'error';
      code: AppErrorCode;
      message: string;
      /** For a rate limit: seconds to wait before asking again. */
      retryAfterSeconds?: number;
      /** What went wrong, for the server's log; it is never sent to a client. */
      cause?: unknown;
    };

export interface Answerer {
  /** Always ends with exactly one `final` or `error` event. */
  answer(messages: readonly ChatMessage[], options?: AnswerOptions): AsyncIterable<AnswerEvent>;
}
