// What replicas share: with REDIS_URL, rate limits, the daily token budget and the answer cache live
// in Redis; without it, everything stays in process, as for a single server.
import type { Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { InProcessBudgetStore, type BudgetStore } from '../token-budget.ts';
import { AnswerCache } from './answer-cache.ts';
import { RedisLink, type SharedStateStatus } from './redis-link.ts';
import { SharedBudgetStore } from './shared-budget-store.ts';
import { SharedRateLimitStore } from './shared-rate-limit-store.ts';

export type { SharedStateStatus } from './redis-link.ts';

export interface SharedState {
  status(): SharedStateStatus;
  /** A store for one rate limiter (`name` keeps limiters apart), or undefined for express-rate-limit's own in-process one. */
  rateLimitStore(name: string): Store | undefined;
  budgetStore: BudgetStore;
  /** Present when answers are cached (REDIS_URL set and a TTL above 0). */
  answerCache: AnswerCache | undefined;
  /** Resolves once Redis answers, or after `timeoutMs`: a replica starts either way. */
  connected(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface SharedStateSettings {
  redisUrl: string | undefined;
  answerCacheTtlSeconds: number;
}

const KEY_PREFIX = 'speechcite:';

export function connectSharedState(settings: SharedStateSettings, logger: Logger): SharedState {
  if (!settings.redisUrl) {
    return {
      status: () => 'off',
      rateLimitStore: () => undefined,
      budgetStore: new InProcessBudgetStore(),
      answerCache: undefined,
      connected: async () => undefined,
      close: async () => undefined,
    };
  }
  const link = new RedisLink({ url: settings.redisUrl, logger });
  return {
    status: () => link.status,
    rateLimitStore: (name) => new SharedRateLimitStore(link, `${KEY_PREFIX}rate:${name}:`),
    budgetStore: new SharedBudgetStore(link, `${KEY_PREFIX}budget:`),
    answerCache: settings.answerCacheTtlSeconds > 0 ? new AnswerCache(link, `${KEY_PREFIX}answer:`, settings.answerCacheTtlSeconds) : undefined,
    connected: async (timeoutMs) => void (await link.waitUntilConnected(timeoutMs)),
    close: () => link.close(),
  };
}
