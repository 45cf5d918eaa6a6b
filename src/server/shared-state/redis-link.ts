// The one Redis connection a replica shares its limits, budget and answer cache through. Commands
// fail at once while Redis is unreachable (no offline queue, a short command timeout), so callers
// fall back to in-process state instead of waiting; the link keeps reconnecting in the background
// and logs one line when Redis goes and one when it comes back.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** `off`: no REDIS_URL; `connected`: state is shared; `unreachable`: in-process limits, no cache. */
export type SharedStateStatus = 'off' | 'connected' | 'unreachable';

export interface RedisLinkOptions {
  url: string;
  logger: Logger;
  /** A command without a reply by then fails, ms; a replica answers from in-process state instead. */
  commandTimeoutMs?: number;
}

// Loopback or same-datacentre Redis answers in well under a millisecond, and within tens of ms on a
// machine so busy that the replica itself is slow; 500 ms means it is gone, and a visitor should not wait
// longer than that for a rate-limit check.
const DEFAULT_COMMAND_TIMEOUT_MS = 500;
// Reconnect quickly at first, then every second: a restarted Redis is used again within a second.
const MAX_RECONNECT_DELAY_MS = 1000;

export class RedisLink {
  readonly client: Redis;
  private up = false;
  /** Whether the loss has been logged: once per outage, including an outage at start. */
  private lossReported = false;
  private readonly connectedListeners = new Set<() => void>();

  constructor(private readonly options: RedisLinkOptions) {
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
      lazyConnect: false,
    });
    this.client.on('ready', () => this.markUp());
    this.client.on('close', () => this.markDown('the connection closed'));
    // ioredis reports every failed reconnect here; without a listener each would be an uncaught error.
    this.client.on('error', (error: Error) => this.markDown(error.message));
  }

  get status(): SharedStateStatus {
    return this.up ? 'connected' : 'unreachable';
  }

  get available(): boolean {
    return this.up;
  }

  /** Called each time the connection becomes ready: at start and after every outage. */
  onConnected(listener: () => void): void {
    this.connectedListeners.add(listener);
  }

  /** Resolves once connected, or after `timeoutMs` either way: start-up never waits on Redis for long. */
  async waitUntilConnected(timeoutMs: number): Promise<boolean> {
    if (this.up) return true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      timer.unref();
      const client = this.client;
      function done() {
        clearTimeout(timer);
        client.off('ready', done);
        resolve();
      }
      client.once('ready', done);
    });
    if (!this.up) this.markDown('no answer at start');
    return this.up;
  }

  async close(): Promise<void> {
    this.connectedListeners.clear();
    this.client.removeAllListeners('close');
    this.client.on('error', () => undefined);
    await this.client.quit().catch(() => this.client.disconnect());
  }

  private markUp(): void {
    const wasLost = this.lossReported;
    this.up = true;
    this.lossReported = false;
    if (wasLost) this.options.logger.info('redis is reachable again: rate limits, the token budget and the answer cache are shared again');
    for (const listener of this.connectedListeners) listener();
  }

  private markDown(reason: string): void {
    this.up = false;
    if (this.lossReported) return;
    this.lossReported = true;
    this.options.logger.warn({ reason }, 'redis is unreachable: answering with in-process rate limits and token budget, and no answer cache, until it is back');
  }
}
