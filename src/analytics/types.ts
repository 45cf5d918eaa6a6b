// What the owner's analytics keep, and the store both databases implement. No IP address or user
// agent is ever part of a record; question and comment text can be absent (not stored, or purged).

/** How far the collection answered a question. */
export type Coverage = 'answered' | 'partial' | 'not_covered';
export const COVERAGES: readonly Coverage[] = ['answered', 'partial', 'not_covered'];

/** A speech an answer cited: the excerpts of one speech share its date and occasion. */
export interface CitedSpeech {
  /** ISO yyyy-mm-dd. */
  date: string;
  occasion: string;
  documentTitle: string;
}

export interface RecordedAnswer {
  /** The answer's id, as sent to the client in its `final` event. */
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** The question as asked; undefined when questions are not stored. */
  question: string | undefined;
  language: string | undefined;
  coverage: Coverage;
  /** The distinct speeches the answer cites. */
  cited: CitedSpeech[];
}

export type Rating = 'up' | 'down';

export interface RecordedFeedback {
  answerId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  rating: Rating;
  comment: string | undefined;
}

/** A period of whole UTC days ending today: `from` and `to` are ISO dates, inclusive. */
export interface Period {
  from: string;
  to: string;
}

export interface DayCount {
  day: string;
  answered: number;
  partial: number;
  notCovered: number;
}

export interface Report {
  period: Period;
  totals: { questions: number; answered: number; partial: number; notCovered: number; helpful: number; unhelpful: number };
  /** One row per day of the period, days without questions included. */
  perDay: DayCount[];
  /** Most asked questions (text still kept), by how often they were asked. */
  topQuestions: Array<{ question: string; count: number }>;
  /** Questions the collection did not cover: its content gaps. */
  gaps: Array<{ question: string; count: number; lastAsked: string }>;
  /** Answers marked unhelpful, newest first. */
  unhelpful: Array<{ answerId: string; question: string | null; comment: string | null; coverage: Coverage; createdAt: string }>;
  /** The speeches cited most often. */
  topSpeeches: Array<{ date: string; occasion: string; documentTitle: string; count: number }>;
}

export interface QuestionRow {
  answerId: string;
  createdAt: string;
  question: string | null;
  language: string | null;
  coverage: Coverage;
  rating: Rating | null;
}

export interface FeedbackRow {
  answerId: string;
  createdAt: string;
  rating: Rating;
  comment: string | null;
  question: string | null;
  coverage: Coverage;
}

/** Storage of answers and feedback; SQLite and PostgreSQL implement it with the same schema. */
export interface AnalyticsStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Applies the migrations not yet applied; returns the schema version now in place. */
  migrate(): Promise<number>;
  recordAnswers(answers: readonly RecordedAnswer[]): Promise<void>;
  /** Saves (or replaces) the feedback on an answer; false when no such answer is recorded. */
  recordFeedback(feedback: RecordedFeedback): Promise<boolean>;
  report(period: Period, limit: number): Promise<Report>;
  questions(period: Period): Promise<QuestionRow[]>;
  feedback(period: Period): Promise<FeedbackRow[]>;
  /** Forgets question and comment text recorded before `before` (ms since the epoch); returns how many records lost text. */
  purgeText(before: number): Promise<number>;
  close(): Promise<void>;
}
