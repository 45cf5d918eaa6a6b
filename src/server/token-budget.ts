// A daily budget of model tokens in LLM mode, reset at midnight UTC. Each model request first reserves
// what it may cost at most (its prompt and the most the model may write), atomically, and settles to
// what it really used once it has ended, so that requests running at once cannot together spend more
// than the budget. The count lives in a store: in process by default, or in Redis, shared by every
// replica (shared-state/shared-budget-store.ts).
import type { ModelBudget, ModelReservation } from '../answer/budgeted-chat-model.ts';
import { AppError } from '../errors.ts';

/** Where the day's token count is kept. `day` is a UTC date, YYYY-MM-DD. */
export interface BudgetStore {
  /** Tokens used or reserved on `day` so far, by every process that shares the store. */
  used(day: string): number | Promise<number>;
  /**
   * Adds `tokens` to the day's count only if the count stays within `limit`, in one step that no other
   * request (or replica) can interleave with; says whether it did.
   */
  reserve(day: string, tokens: number, limit: number): boolean | Promise<boolean>;
  /** Adds `tokens` to the day's count; negative to give back what a reservation did not use. */
  add(day: string, tokens: number): void;
}

/** The count in this process alone: today's only, since yesterday's is never asked for again. */
export class InProcessBudgetStore implements BudgetStore {
  private day = '';
  private count = 0;

  used(day: string): number {
    return day === this.day ? this.count : 0;
  }

  // One thread: nothing runs between the comparison and the addition.
  reserve(day: string, tokens: number, limit: number): boolean {
    if (this.used(day) + tokens > limit) return false;
    this.add(day, tokens);
    return true;
  }

  add(day: string, tokens: number): void {
    // A reservation from yesterday settled today: yesterday's count is never asked for again.
    if (day < this.day) return;
    if (day !== this.day) {
      this.day = day;
      this.count = 0;
    }
    this.count += tokens;
  }
}

export class TokenBudget implements ModelBudget {
  /** @param limit tokens per UTC day; 0 means unlimited. */
  constructor(
    private readonly limit: number,
    private readonly store: BudgetStore = new InProcessBudgetStore(),
    private readonly now: () => Date = () => new Date(),
  ) {}

  private today(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** Rejects when today's budget is spent, before any work is done for a question. */
  async check(): Promise<void> {
    if (this.limit > 0 && (await this.store.used(this.today())) >= this.limit) throw exhausted();
  }

  /**
   * Holds `tokens` of today's budget for one model request, or rejects with `budget_exhausted` when they
   * do not fit beside what is spent and held already. The reservation is settled on the day it was made.
   */
  async reserve(tokens: number): Promise<ModelReservation> {
    const day = this.today();
    const held = this.limit > 0 ? tokens : 0;
    if (this.limit > 0) {
      if (tokens > this.limit)
        throw new AppError(
          'budget_exhausted',
          `a model answer may need up to ${tokens} tokens, more than the whole daily budget of ${this.limit}; the operator can raise DAILY_TOKEN_BUDGET or lower LLM_MAX_OUTPUT_TOKENS`,
        );
      if (!(await this.store.reserve(day, tokens, this.limit))) throw exhausted();
    }
    let settled = false;
    return {
      settle: (used: number) => {
        if (settled) return;
        settled = true;
        if (used !== held) this.store.add(day, used - held);
      },
    };
  }
}

function exhausted(): AppError {
  return new AppError('budget_exhausted', 'the daily budget for model answers is used up; it resets at midnight UTC');
}
