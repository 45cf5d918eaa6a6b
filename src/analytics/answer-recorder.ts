// Keeps recording off the request path: an answer is pushed onto a queue in constant time, and a timer
// writes the queue to the store in batches, one batch at a time.
import { detectLanguage } from '../answer/detect-language.ts';
import type { AnalyticsStore, RecordedAnswer } from './types.ts';

/** A finished answer as the chat route hands it over: nothing computed yet, the question always present. */
export interface FinishedAnswer extends Omit<RecordedAnswer, 'question' | 'language'> {
  question: string;
  /** The language the client asked for, if it did. */
  language: string | undefined;
}

export interface RecorderOptions {
  /** Keep question text; false records only counts, coverage and cited speeches. */
  storeQuestions: boolean;
  /** How long an answer may wait in the queue, ms. */
  flushMs?: number;
  /** Answers written per transaction. */
  batchSize?: number;
  /** Answers held at most while the store is slow or down; beyond it new ones are dropped and counted. */
  maxPending?: number;
  onError: (error: unknown) => void;
}

export class AnswerRecorder {
  readonly #store: AnalyticsStore;
  readonly #options: Required<RecorderOptions>;
  #pending: FinishedAnswer[] = [];
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();
  /** Answers dropped because the queue was full. */
  dropped = 0;

  constructor(store: AnalyticsStore, options: RecorderOptions) {
    this.#store = store;
    this.#options = { flushMs: 1000, batchSize: 500, maxPending: 20_000, ...options };
  }

  record(answer: FinishedAnswer): void {
    if (this.#pending.length >= this.#options.maxPending) {
      this.dropped++;
      return;
    }
    this.#pending.push(answer);
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.flush();
      }, this.#options.flushMs);
      this.#timer.unref();
    }
  }

  /** Writes everything queued so far; resolves when it is in the store (or its failure reported). */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, this.#options.batchSize).map((answer) => this.#prepare(answer));
        try {
          await this.#store.recordAnswers(batch);
        } catch (error) {
          this.#options.onError(error);
        }
      }
    });
    return this.#writing;
  }

  async close(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }

  #prepare(answer: FinishedAnswer): RecordedAnswer {
    return {
      ...answer,
      language: answer.language ?? detectLanguage(answer.question),
      question: this.#options.storeQuestions ? answer.question : undefined,
    };
  }
}
