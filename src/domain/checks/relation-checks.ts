import type { Relation } from '../../../events/schema/catalogue.js';
import { gapAbove, gapBetween, intervalOf, sumIntervals, unknownInterval, type Interval } from './intervals.js';
import type { CheckedFigure, FigureRole, Outcome } from './types.js';

/** The figure a metric had at the date being checked, if any. */
export type InForce = (metric: string) => CheckedFigure | undefined;

const withRole = (role: FigureRole) => (f: CheckedFigure) => ({ ...f, role });

/**
 * Checks one relation against the figures in force at one date; undefined when they agree.
 * `earlier` holds, for a running total, the figures in force at the dates before this one.
 */
export function checkRelation(relation: Relation, inForce: InForce, earlier: readonly CheckedFigure[]): Outcome | undefined {
  switch (relation.kind) {
    case 'partition':
      return checkParts(relation.whole, relation.parts, inForce, gapBetween, (whole) => whole);
    case 'subset':
      // Parts of a whole may leave some of it out, so only their lower bounds can contradict it.
      return checkParts(relation.whole, relation.parts, inForce, gapAbove, (whole) => ({ lower: 0, upper: whole.upper }));
    case 'cumulative':
      return checkRunningTotal(relation.metric, inForce, earlier);
    default: {
      const exhaustive: never = relation;
      return exhaustive;
    }
  }
}

function checkParts(
  wholeMetric: string,
  partMetrics: readonly string[],
  inForce: InForce,
  gapOf: (actual: Interval, expected: Interval) => number,
  expectedOf: (whole: Interval) => Interval,
): Outcome | undefined {
  const whole = inForce(wholeMetric);
  const parts = partMetrics.map((m) => inForce(m));
  const given = parts.filter((p): p is CheckedFigure => p !== undefined);
  if (!whole || given.length === 0) return undefined;
  // A part not reported yet may be anything from 0 up: it can only widen the sum, never invent a gap.
  const actual = sumIntervals(parts.map((p) => (p ? intervalOf(p.bounds) : unknownInterval)));
  const expected = expectedOf(intervalOf(whole.bounds));
  const gap = gapOf(actual, intervalOf(whole.bounds));
  if (gap === 0) return undefined;
  return {
    figures: [withRole('whole')(whole), ...given.map(withRole('part'))],
    missing: partMetrics.filter((_, i) => parts[i] === undefined),
    expected,
    actual,
    gap,
  };
}

/** A running total cannot fall: the strongest contradiction is the earlier figure that lies furthest above. */
function checkRunningTotal(metric: string, inForce: InForce, earlier: readonly CheckedFigure[]): Outcome | undefined {
  const later = inForce(metric);
  if (!later) return undefined;
  const actual = intervalOf(later.bounds);
  let worst: { figure: CheckedFigure; gap: number } | undefined;
  for (const figure of earlier) {
    const gap = gapAbove(intervalOf(figure.bounds), actual);
    if (gap > (worst?.gap ?? 0)) worst = { figure, gap };
  }
  if (!worst) return undefined;
  return {
    figures: [withRole('earlier')(worst.figure), withRole('later')(later)],
    missing: [],
    expected: { lower: intervalOf(worst.figure.bounds).lower, upper: null },
    actual,
    gap: worst.gap,
  };
}
