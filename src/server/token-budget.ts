// A daily budget of model tokens in LLM mode, reset at midnight UTC.
import { AppError } from '../errors.ts';

export class TokenBudget {
  private day = '';
  private used = 0;

  /** @param limit tokens per UTC day; 0 means unlimited. */
  constructor(private readonly limit: number, private readonly now: () => Date = () => new Date()) {}

  private rollOver(): void {
    const today = this.now().toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.used = 0;
    }
  }

  /** Throws when today's budget is spent, before any model request is made. */
  check(): void {
    this.rollOver();
    if (this.limit > 0 && this.used >= this.limit) {
      throw new AppError('budget_exhausted', 'the daily budget for model answers is used up; it resets at midnight UTC');
    }
  }

  record(tokens: number): void {
    this.rollOver();
    this.used += tokens;
  }
}
