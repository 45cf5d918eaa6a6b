// The dashboard chart's time axis: whole UTC days only, the last day always marked, never more labels
// than the width holds, for every period the dashboard offers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayLabel, daySplits, isoDay } from '../../src/admin/day-axis.ts';

const DAY = 86_400;
const HALF_DAY = DAY / 2;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

describe('the per-day chart axis', () => {
  it('marks each day of a week on a desktop chart, and no hours', () => {
    // The chart's x range is the period's days with half a day either side.
    const ticks = daySplits(dayOf('2026-11-25') - HALF_DAY, dayOf('2026-12-01') + HALF_DAY, 1100);
    expect(ticks.map(dayLabel)).toEqual(['11/25', '11/26', '11/27', '11/28', '11/29', '11/30', '12/1']);
  });

  it('thins the ticks to what fits, keeping the last day', () => {
    const ticks = daySplits(dayOf('2026-11-02') - HALF_DAY, dayOf('2026-12-01') + HALF_DAY, 310);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(isoDay(ticks.at(-1)!)).toBe('2026-12-01');
  });

  it('for any period and width: whole days inside the range, evenly spaced, the last day marked, labels that fit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 18_000, max: 22_000 }), fc.constantFrom(7, 30, 90, 365), fc.integer({ min: 200, max: 2000 }), (lastDay, days, width) => {
        const last = lastDay * DAY;
        const min = last - (days - 1) * DAY - HALF_DAY;
        const ticks = daySplits(min, last + HALF_DAY, width);
        expect(ticks.at(-1)).toBe(last);
        expect(ticks.every((tick) => tick % DAY === 0 && tick >= min)).toBe(true);
        expect(new Set(ticks.slice(1).map((tick, index) => tick - ticks[index]!)).size).toBeLessThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(Math.max(1, Math.floor(width / 56)));
      }),
    );
  });
});
