// The answer cache against a hand-written Redis that records its calls: what is stored and replayed,
// what is never stored, and nothing while Redis is unreachable. (Against a real Redis and three
// replicas: the cluster test.)
import { describe, expect, it } from 'vitest';
import type { AnswerEvent } from '../../src/answer/types.ts';
import { AnswerCache } from '../../src/server/shared-state/answer-cache.ts';
import type { RedisLink } from '../../src/server/shared-state/redis-link.ts';

class RecordingRedis {
  readonly values = new Map<string, string>();
  readonly calls: string[] = [];
  available = true;

  get link(): RedisLink {
    const client = {
      get: async (key: string) => {
        this.calls.push(`GET ${key}`);
        return this.values.get(key) ?? null;
      },
      set: async (key: string, value: string) => {
        this.calls.push(`SET ${key}`);
        this.values.set(key, value);
        return 'OK';
      },
    };
    const redis = this;
    return {
      get available() {
        return redis.available;
      },
      client,
    } as unknown as RedisLink;
  }
}

const verification = { unverifiedQuotes: [], dateMismatches: [] } as unknown as Extract<AnswerEvent, { type: 'final' }>['verification'];
const finalEvent = (overrides: Partial<Extract<AnswerEvent, { type: 'final' }>> = {}): AnswerEvent =>
  ({
    type: 'final',
    text: '新质生产力的显著特点是创新[1]。',
    citations: [1],
    verification,
    abstained: false,
    coverage: 'answered',
    query: '新质生产力的显著特点是什么',
    ...overrides,
  }) as AnswerEvent;
const answer = (final: AnswerEvent): AnswerEvent[] => [
  { type: 'sources', sources: [] },
  { type: 'text-delta', delta: '新质生产力的显著特点是创新[1]。' },
  final,
];

async function drain(events: AsyncIterable<AnswerEvent>): Promise<AnswerEvent[]> {
  const seen: AnswerEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function* from(events: AnswerEvent[]): AsyncIterable<AnswerEvent> {
  yield* events;
}

describe('AnswerCache', () => {
  it('stores a whole, verified answer, which any replica then replays as the same events', async () => {
    const redis = new RecordingRedis();
    const cache = new AnswerCache(redis.link, 'answer:', 3600);
    const events = answer(finalEvent());
    expect(await drain(cache.recording('answer:k', from(events)))).toEqual(events);
    await settle();
    expect(redis.calls).toEqual(['SET answer:k']);
    const other = new AnswerCache(redis.link, 'answer:', 3600);
    expect(await other.lookup('answer:k')).toEqual(events);
    expect(await other.lookup('answer:unknown')).toBeUndefined();
  });

  it('never stores a failed, cut-off, unverified or abstaining answer', async () => {
    const redis = new RecordingRedis();
    const cache = new AnswerCache(redis.link, 'answer:', 3600);
    const unverified = { unverifiedQuotes: ['「不在来源里的话」'], dateMismatches: [] } as unknown as typeof verification;
    const failures: Record<string, AnswerEvent[]> = {
      failed: [
        { type: 'sources', sources: [] },
        { type: 'error', code: 'upstream_unavailable', message: 'the model is down' },
      ],
      cut: answer(finalEvent({ truncated: true })),
      unverified: answer(finalEvent({ verification: unverified })),
      abstained: answer(finalEvent({ abstained: true, coverage: 'not_covered' })),
      unfinished: [
        { type: 'sources', sources: [] },
        { type: 'text-delta', delta: '新质' },
      ],
    };
    for (const [name, events] of Object.entries(failures)) {
      await drain(cache.recording(`answer:${name}`, from(events)));
      await settle();
      expect(await cache.lookup(`answer:${name}`), name).toBeUndefined();
    }
    expect(redis.calls.filter((call) => call.startsWith('SET'))).toEqual([]);
  });

  it('while Redis is unreachable, neither reads nor stores', async () => {
    const redis = new RecordingRedis();
    const cache = new AnswerCache(redis.link, 'answer:', 3600);
    await drain(cache.recording('answer:k', from(answer(finalEvent()))));
    await settle();
    redis.available = false;
    expect(await cache.lookup('answer:k')).toBeUndefined();
    await drain(cache.recording('answer:other', from(answer(finalEvent()))));
    await settle();
    redis.available = true;
    expect(await cache.lookup('answer:other')).toBeUndefined();
    expect(redis.calls).toEqual(['SET answer:k', 'GET answer:other']);
  });
});
