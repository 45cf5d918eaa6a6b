// The daily token budget's reservations, in process: what fits is held, what is not used is given back,
// and a new UTC day starts from nothing. (Shared through Redis: the cluster test.)
import { describe, expect, it } from 'vitest';
import { InProcessBudgetStore, TokenBudget } from '../../src/server/token-budget.ts';

const refusal = { code: 'budget_exhausted' };

describe('TokenBudget', () => {
  it('holds reservations until they are settled, and gives back what an answer did not use', async () => {
    const store = new InProcessBudgetStore();
    const budget = new TokenBudget(1000, store, () => new Date('2026-12-01T10:00:00Z'));
    const first = await budget.reserve(600);
    // Held, not yet spent: a second request that would go past the limit meanwhile is refused.
    await expect(budget.reserve(600)).rejects.toMatchObject(refusal);
    first.settle(150);
    expect(store.used('2026-12-01')).toBe(150);
    const second = await budget.reserve(600);
    second.settle(200);
    second.settle(200); // settling twice counts once
    expect(store.used('2026-12-01')).toBe(350);
    await expect(budget.check()).resolves.toBeUndefined();
  });

  it('counts what a request really used even past its reservation, and then refuses before any work', async () => {
    const budget = new TokenBudget(1000, new InProcessBudgetStore(), () => new Date('2026-12-01T10:00:00Z'));
    (await budget.reserve(100)).settle(1200);
    await expect(budget.check()).rejects.toMatchObject(refusal);
    await expect(budget.reserve(1)).rejects.toMatchObject(refusal);
  });

  it('says so when one request could never fit the whole budget', async () => {
    const budget = new TokenBudget(1000);
    await expect(budget.reserve(1500)).rejects.toMatchObject({ code: 'budget_exhausted', message: expect.stringMatching(/DAILY_TOKEN_BUDGET/u) });
  });

  it('settles a reservation on the day it was made, and starts each UTC day from nothing', async () => {
    let now = new Date('2026-12-01T23:59:59Z');
    const store = new InProcessBudgetStore();
    const budget = new TokenBudget(1000, store, () => now);
    const late = await budget.reserve(900);
    now = new Date('2026-12-02T00:00:01Z');
    // The new day's budget is whole, although yesterday's reservation is still open.
    const early = await budget.reserve(900);
    late.settle(100);
    early.settle(300);
    expect(store.used('2026-12-02')).toBe(300);
  });

  it('without a limit, refuses nothing and still counts', async () => {
    const store = new InProcessBudgetStore();
    const budget = new TokenBudget(0, store, () => new Date('2026-12-01T10:00:00Z'));
    const reservations = await Promise.all(Array.from({ length: 5 }, () => budget.reserve(1_000_000)));
    for (const reservation of reservations) reservation.settle(10);
    expect(store.used('2026-12-01')).toBe(50);
  });
});
