import type { Bounds } from '../../../events/schema/figure.js';

/**
 * A closed interval of the values a worded figure allows. `upper: null` is unbounded
 * ("over 1,000"); JSON has no Infinity, so null travels to the API and CSV as it is.
 */
export type Interval = Readonly<{ lower: number; upper: number | null }>;

/**
 * Every metric counts something (persons, cases, tenge), so a bound the wording leaves open
 * below is 0, never minus infinity: "up to 50" allows 0–50.
 */
export function intervalOf(bounds: Bounds): Interval {
  return { lower: bounds.lower ?? 0, upper: bounds.upper };
}

/** A metric with no figure yet: anything from 0 up. */
export const unknownInterval: Interval = { lower: 0, upper: null };

export function sumIntervals(intervals: readonly Interval[]): Interval {
  return intervals.reduce<Interval>(
    (sum, i) => ({
      lower: sum.lower + i.lower,
      upper: sum.upper === null || i.upper === null ? null : sum.upper + i.upper,
    }),
    { lower: 0, upper: 0 },
  );
}

/**
 * How far `a` lies above `b` (a.lower − b.upper), or 0 when they touch or overlap. Bounds of
 * money amounts (37.5e9 ± 0.5e8) are floats: a difference within rounding error is no gap.
 */
export function gapAbove(a: Interval, b: Interval): number {
  if (b.upper === null) return 0;
  const gap = a.lower - b.upper;
  const tolerance = 1e-9 * Math.max(1, Math.abs(a.lower), Math.abs(b.upper));
  return gap > tolerance ? gap : 0;
}

/** The distance between two intervals: 0 when they meet. */
export function gapBetween(a: Interval, b: Interval): number {
  return Math.max(gapAbove(a, b), gapAbove(b, a));
}
