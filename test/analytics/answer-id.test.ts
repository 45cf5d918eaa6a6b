// answerId: a UUID the feedback route accepts, that sorts by the time it was made and repeats never.
import { describe, expect, it } from 'vitest';
import { answerId } from '../../src/analytics/answer-id.ts';
import { feedbackRequestSchema } from '../../src/protocol/requests.ts';

describe('answerId', () => {
  it('is a version 7 UUID that feedback on the answer may name', () => {
    const id = answerId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/u);
    expect(feedbackRequestSchema.safeParse({ answerId: id, rating: 'up' }).success).toBe(true);
  });

  it('sorts by the millisecond it was made in, as text', () => {
    const times = [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, Date.UTC(2026, 11, 1, 9), Date.UTC(2089, 5, 30)];
    const ids = times.map((time) => answerId(time));
    expect([...ids].sort()).toEqual(ids);
    // The first 48 bits are the time in ms.
    expect(ids.map((id) => Number.parseInt(id.replace('-', '').slice(0, 12), 16))).toEqual(times);
  });

  it('keeps 74 random bits: ids of one millisecond do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => answerId(Date.UTC(2026, 11, 1))));
    expect(ids.size).toBe(10_000);
  });
});
