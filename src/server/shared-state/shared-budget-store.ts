// The daily token count in Redis, one key per UTC day, added to atomically (INCRBY) by every replica.
// While Redis is unreachable the count goes on in process, and what was spent meanwhile is added to
// the shared count when Redis is back.
import { InProcessBudgetStore, type BudgetStore } from '../token-budget.ts';
import type { RedisLink } from './redis-link.ts';

// A day's key outlives the day by one more, so a replica whose clock is a little behind still finds it.
const KEY_TTL_SECONDS = 2 * 24 * 60 * 60;

export class SharedBudgetStore implements BudgetStore {
  private readonly local = new InProcessBudgetStore();
  /** Tokens spent while Redis was unreachable, by day, not yet added to the shared count. */
  private readonly unsent = new Map<string, number>();

  /** @param prefix the Redis key prefix, e.g. `speechcite:budget:` */
  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
  ) {
    link.onConnected(() => {
      for (const [day, tokens] of this.unsent) {
        this.unsent.delete(day);
        this.send(day, tokens);
      }
    });
  }

  async used(day: string): Promise<number> {
    if (this.link.available) {
      try {
        return Number((await this.link.client.get(this.prefix + day)) ?? 0) + (this.unsent.get(day) ?? 0);
      } catch {
        // Unreachable mid-request (the link logs it): this replica's own count decides.
      }
    }
    return this.local.used(day);
  }

  add(day: string, tokens: number): void {
    this.local.add(day, tokens);
    if (tokens > 0) this.send(day, tokens);
  }

  private send(day: string, tokens: number): void {
    const keep = () => this.unsent.set(day, (this.unsent.get(day) ?? 0) + tokens);
    if (!this.link.available) return void keep();
    this.link.client
      .multi()
      .incrby(this.prefix + day, tokens)
      .expire(this.prefix + day, KEY_TTL_SECONDS)
      .exec()
      .then((results) => {
        if (!results || results.some(([error]) => error)) keep();
      }, keep);
  }
}
