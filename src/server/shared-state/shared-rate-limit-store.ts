// An express-rate-limit store that counts in Redis (rate-limit-redis), so that every replica sees the
// same hits, and counts in process while Redis is unreachable, so that limits still hold, per replica.
import { MemoryStore, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisLink } from './redis-link.ts';

export class SharedRateLimitStore implements Store {
  private readonly shared: RedisStore;
  private readonly local = new MemoryStore();
  private options: Options | undefined;
  /** Whether the Redis store's scripts are loaded; they are loaded again after each outage. */
  private sharedReady: Promise<boolean> = Promise.resolve(false);
  private sharedInitAt = 0;

  /** @param prefix the Redis key prefix for this limiter, e.g. `speechcite:rl:requests:` */
  constructor(
    private readonly link: RedisLink,
    readonly prefix: string,
  ) {
    this.shared = new RedisStore({ prefix, sendCommand: (command: string, ...args: string[]) => link.client.call(command, ...args) as Promise<RedisReply> });
    link.onConnected(() => this.initShared());
  }

  init(options: Options): void {
    this.options = options;
    this.local.init(options);
    this.initShared();
  }

  async increment(key: string): Promise<IncrementResponse> {
    // Scripts that failed to load while connected (a command timed out) are loaded again, at most once a second.
    if (this.link.available && !(await this.sharedReady) && Date.now() - this.sharedInitAt > 1000) this.initShared();
    if (this.link.available && (await this.sharedReady)) {
      try {
        return await this.shared.increment(key);
      } catch {
        // Redis went away mid-request (the link logs it): this request is counted in process.
      }
    }
    return this.local.increment(key);
  }

  /** Gives a hit back (skipSuccessfulRequests) where it was most likely counted: in Redis while it is reachable. */
  async decrement(key: string): Promise<void> {
    if (this.link.available) {
      try {
        return await this.shared.decrement(key);
      } catch {
        // Counted in process, then.
      }
    }
    this.local.decrement(key);
  }

  async resetKey(key: string): Promise<void> {
    if (this.link.available) await this.shared.resetKey(key).catch(() => undefined);
    this.local.resetKey(key);
  }

  shutdown(): void {
    this.local.shutdown();
  }

  private initShared(): void {
    const options = this.options;
    if (!options) return;
    this.sharedInitAt = Date.now();
    this.sharedReady = this.shared.init(options).then(
      () => true,
      () => false,
    );
  }
}
