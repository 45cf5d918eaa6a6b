// The answer engine's contract: a conversation in, an async stream of events out.
import type { RetrievalFilters } from '../retrieval/retriever.ts';
import type { TextSpan } from '../retrieval/find-matches.ts';
import type { AppErrorCode } from '../errors.ts';

export type AnswerLanguage = 'zh' | 'zh-Hant' | 'en';

export interface ChatMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
}

export interface AnswerOptions {
  filters?: RetrievalFilters;
  /** Answer in this language; by default, the language of the last question. */
  language?: AnswerLanguage;
  signal?: AbortSignal;
}

/** A numbered source the answer may cite as [n]. */
export interface Source {
  n: number;
  id: string;
  section: number;
  documentTitle: string;
  /** ISO yyyy-mm-dd. */
  date: string;
  occasion: string;
  /** The excerpt's full text. */
  text: string;
  /** The sentence of the excerpt that matched the question best, as offsets into text. */
  highlight: TextSpan;
}

export interface VerificationReport {
  /** [n] markers that named no given source; they were removed from the text. */
  invalidMarkers: number;
  /** Quoted spans not found verbatim in a source they cite; marked in the text. */
  unverifiedQuotes: string[];
  /** Dates stated in the answer that match none of the sources cited with them. */
  dateMismatches: string[];
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
      /** The query retrieval ran, after follow-up rewriting. */
      query: string;
    }
  | { type: 'error'; code: AppErrorCode; message: string };

export interface Answerer {
  /** Always ends with exactly one `final` or `error` event. */
  answer(messages: readonly ChatMessage[], options?: AnswerOptions): AsyncIterable<AnswerEvent>;
}
