// A daily budget of model tokens in LLM mode, reset at midnight UTC. The count lives in a store: in
// process by default, or in Redis, shared by every replica (shared-state/shared-budget-store.ts).
import { AppError } from '../errors.ts';

/** Where the day's token count is kept. `day` is a UTC date, YYYY-MM-DD. */
export interface BudgetStore {
  /** Tokens used on `day` so far, by every process that shares the store. */
  used(day: string): number | Promise<number>;
  add(day: string, tokens: number): void;
}

/** The count in this process alone: today's only, since yesterday's is never asked for again. */
export class InProcessBudgetStore implements BudgetStore {
  private day = '';
  private count = 0;

  used(day: string): number {
    return day === this.day ? this.count : 0;
  }

  add(day: string, tokens: number): void {
    if (day !== this.day) {
      this.day = day;
      this.count = 0;
    }
    this.count += tokens;
  }
}

export class TokenBudget {
  /** @param limit tokens per UTC day; 0 means unlimited. */
  constructor(
    private readonly limit: number,
    private readonly store: BudgetStore = new InProcessBudgetStore(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Rejects when today's budget is spent, before any model request is made. */
  async check(): Promise<void> {
    if (this.limit > 0 && (await this.store.used(this.today())) >= this.limit) {
      throw new AppError('budget_exhausted', 'the daily budget for model answers is used up; it resets at midnight UTC');
    }
  }

  record(tokens: number): void {
    this.store.add(this.today(), tokens);
  }
}
