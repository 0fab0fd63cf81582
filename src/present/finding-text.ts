import type { Interval } from '../domain/checks/intervals.js';
import type { Finding } from '../domain/checks/types.js';
import type { Unit } from '../../events/schema/figure.js';
import { formatPartialDate } from '../format/dates.js';
import { formatAmount } from '../format/numbers.js';

export function intervalText(i: Interval, unit: Unit): string {
  if (i.upper === null) return `at least ${formatAmount(i.lower, unit)}`;
  if (i.lower === i.upper) return formatAmount(i.lower, unit);
  return `${formatAmount(i.lower, unit)} to ${formatAmount(i.upper, unit)}`;
}

/** A finding in one sentence each for what the relation expects, what the figures say, and the gap. */
export function findingText(f: Finding) {
  const unit = f.figures[0]?.unit ?? 'persons';
  const name = (role: string) =>
    f.figures.filter((x) => x.role === role).map((x) => x.label ?? x.metric).join(' + ');
  const gap = formatAmount(f.gap, unit);
  switch (f.kind) {
    case 'partition':
      return {
        headline: `${name('part')} do not add up to ${name('whole')}`,
        expected: `${name('whole')}: ${intervalText(f.expected, unit)}`,
        actual: `sum of the parts: ${intervalText(f.actual, unit)}`,
        gap: `${gap} apart, at the least`,
      };
    case 'subset':
      return {
        headline: `${name('part')} exceed${f.figures.length > 2 ? '' : 's'} ${name('whole')}`,
        expected: `at most ${intervalText({ lower: f.expected.upper ?? 0, upper: f.expected.upper }, unit)}`,
        actual: `${f.figures.length > 2 ? 'sum of the parts' : 'the part'}: ${intervalText(f.actual, unit)}`,
        gap: `${gap} more than the whole, at the least`,
      };
    case 'cumulative': {
      const earlier = f.figures.find((x) => x.role === 'earlier');
      return {
        headline: `${name('later')}, a running total, was revised down`,
        expected: `at least ${intervalText({ lower: f.expected.lower, upper: f.expected.lower }, unit)}, as on ${earlier ? formatPartialDate(earlier.asOf) : 'an earlier date'}`,
        actual: intervalText(f.actual, unit),
        gap: `down by at least ${gap}`,
      };
    }
    case 'replaced': {
      const [earlier, later] = [f.figures.find((x) => x.role === 'earlier'), f.figures.find((x) => x.role === 'later')];
      return {
        headline: `${name('later')}: a later official figure replaced an earlier one for ${formatPartialDate(f.date)}`,
        expected: `earlier: ${intervalText(f.expected, unit)}${earlier ? `, published ${formatPartialDate(earlier.publishedOn)}` : ''}`,
        actual: `later: ${intervalText(f.actual, unit)}${later ? `, published ${formatPartialDate(later.publishedOn)}` : ''}`,
        gap: `${f.actual.lower > (f.expected.upper ?? Infinity) ? 'up' : 'down'} by at least ${gap}`,
      };
    }
    case 'disagreement':
      return {
        headline: `Official statements disagree on ${f.figures[0]?.label ?? f.figures[0]?.metric} for ${formatPartialDate(f.date)}`,
        expected: `one says ${intervalText(f.expected, unit)}`,
        actual: `another says ${intervalText(f.actual, unit)}`,
        gap: `${gap} apart, at the least`,
      };
    default: {
      const exhaustive: never = f.kind;
      return exhaustive;
    }
  }
}
