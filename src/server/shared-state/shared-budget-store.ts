// The daily token count in Redis, one key per UTC day. A reservation is one Lua script (compare and
// add, which no other replica's command can interleave with); settling and spending add to the key with
// INCRBY. While Redis is unreachable, reservations are made against this replica's own count, and what
// was spent meanwhile is added to the shared count when Redis is back.
import { InProcessBudgetStore, type BudgetStore } from '../token-budget.ts';
import type { RedisLink } from './redis-link.ts';

// A day's key outlives the day by one more, so a replica whose clock is a little behind still finds it.
const KEY_TTL_SECONDS = 2 * 24 * 60 * 60;

/** KEYS[1] the day's count; ARGV tokens, limit, ttl. 1 when the tokens were added, 0 when they did not fit. */
const RESERVE_SCRIPT = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local tokens = tonumber(ARGV[1])
if used + tokens > tonumber(ARGV[2]) then return 0 end
redis.call('INCRBY', KEYS[1], tokens)
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

export class SharedBudgetStore implements BudgetStore {
  /** This replica's own count (reservations and spending), which decides alone while Redis is unreachable. */
  private readonly local = new InProcessBudgetStore();
  /** Tokens counted while Redis was unreachable, by day, not yet added to the shared count. */
  private readonly unsent = new Map<string, number>();

  /** @param prefix the Redis key prefix, e.g. `speechcite:budget:` */
  constructor(
    private readonly link: RedisLink,
    private readonly prefix: string,
  ) {
    link.client.defineCommand('speechciteReserve', { numberOfKeys: 1, lua: RESERVE_SCRIPT });
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

  async reserve(day: string, tokens: number, limit: number): Promise<boolean> {
    if (this.link.available) {
      try {
        const client = this.link.client as unknown as { speechciteReserve(key: string, ...args: number[]): Promise<number> };
        // What this replica could not send yet counts against the limit too.
        const reserved = (await client.speechciteReserve(this.prefix + day, tokens, limit - (this.unsent.get(day) ?? 0), KEY_TTL_SECONDS)) === 1;
        if (reserved) this.local.add(day, tokens);
        return reserved;
      } catch {
        // No reply in time: the script may or may not have run. Deciding locally risks holding the
        // tokens twice (the budget under-spent until the day ends), never spending past it.
      }
    }
    if (!this.local.reserve(day, tokens, limit)) return false;
    this.keep(day, tokens);
    return true;
  }

  add(day: string, tokens: number): void {
    this.local.add(day, tokens);
    if (tokens !== 0) this.send(day, tokens);
  }

  private keep(day: string, tokens: number): void {
    this.unsent.set(day, (this.unsent.get(day) ?? 0) + tokens);
  }

  private send(day: string, tokens: number): void {
    if (!this.link.available) {
      this.keep(day, tokens);
      return;
    }
    this.link.client
      .multi()
      .incrby(this.prefix + day, tokens)
      .expire(this.prefix + day, KEY_TTL_SECONDS)
      .exec()
      .then(
        (results) => {
          if (!results || results.some(([error]) => error)) this.keep(day, tokens);
        },
        () => this.keep(day, tokens),
      );
  }
}
