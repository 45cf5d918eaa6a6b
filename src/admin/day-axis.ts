// The per-day chart's time axis: ticks on whole UTC days only, as many as the chart's width has room
// for. uPlot's own time ticks fall every few hours when the period is a week ("4pm", "12am", "8am"),
// which says nothing on a chart of questions per day.

const DAY_SECONDS = 86_400;
/** Days between two ticks, the smallest that fits: a day, two, a week, two weeks, about a month, two, a quarter, half a year. */
const STEPS_IN_DAYS = [1, 2, 7, 14, 30, 61, 91, 182] as const;
/** Width one label such as "12/31" needs, gap included, in CSS pixels (the axis font is about 8 px a character). */
const LABEL_SPACE_PX = 56;

/**
 * The days to mark between `min` and `max` (Unix seconds), the last day always among them, spaced so that
 * their labels fit in `widthPx`.
 * @example daySplits(Date.UTC(2026, 0, 1) / 1000, Date.UTC(2026, 0, 7) / 1000, 600) // seven ticks, one a day
 */
export function daySplits(min: number, max: number, widthPx: number): number[] {
  const first = Math.ceil(min / DAY_SECONDS) * DAY_SECONDS;
  const last = Math.floor(max / DAY_SECONDS) * DAY_SECONDS;
  if (last < first) return [];
  const days = (last - first) / DAY_SECONDS + 1;
  const room = Math.max(1, Math.floor(widthPx / LABEL_SPACE_PX));
  const step = STEPS_IN_DAYS.find((candidate) => Math.ceil(days / candidate) <= room) ?? Math.ceil(days / room);
  const ticks: number[] = [];
  for (let tick = last; tick >= first; tick -= step * DAY_SECONDS) ticks.unshift(tick);
  return ticks;
}

/** A tick's label, month/day in UTC (the report's days are UTC days): "12/1". */
export function dayLabel(seconds: number): string {
  const date = new Date(seconds * 1000);
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}`;
}

/** A day in full for the legend, as the tables write it: "2026-12-01". */
export function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
