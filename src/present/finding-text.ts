import type { Interval } from '../domain/checks/intervals.js';
import type { Finding } from '../domain/checks/types.js';
import type { Unit } from '../../events/schema/figure.js';
import { formatPartialDate } from '../format/dates.js';
import { formatAmount } from '../format/numbers.js';
import { defaultLanguage, type InterfaceLanguage } from '../i18n/languages.js';
import { translator } from '../i18n/messages.js';

/** A metric's label in the reader's language; the finding carries the English one. */
export type LabelOf = (metric: string, english: string | undefined) => string;
const ownLabel: LabelOf = (metric, english) => english ?? metric;

export function intervalText(i: Interval, unit: Unit, language: InterfaceLanguage = defaultLanguage): string {
  const t = translator(language);
  if (i.upper === null) return t('findings:interval.atLeast', { amount: formatAmount(i.lower, unit, language) });
  if (i.lower === i.upper) return formatAmount(i.lower, unit, language);
  return t('findings:interval.range', { lower: formatAmount(i.lower, unit, language), upper: formatAmount(i.upper, unit, language) });
}

/**
 * A finding in one sentence each for what the relation expects, what the figures say, and the
 * gap, in the reader's language (English for the command line). Metric labels come through
 * `labelOf`, so a page can give them in its language.
 */
export function findingText(f: Finding, language: InterfaceLanguage = defaultLanguage, labelOf: LabelOf = ownLabel) {
  const t = translator(language);
  const unit = f.figures[0]?.unit ?? 'persons';
  const interval = (i: Interval) => intervalText(i, unit, language);
  const date = (d: string) => formatPartialDate(d, language);
  const name = (role: string) =>
    [...new Set(f.figures.filter((x) => x.role === role).map((x) => labelOf(x.metric, x.label)))].join(' + ');
  const gap = formatAmount(f.gap, unit, language);
  const parts = f.figures.filter((x) => x.role === 'part').length;
  switch (f.kind) {
    case 'partition':
      return {
        headline: t('findings:headline.partition', { parts: name('part'), whole: name('whole') }),
        expected: t('findings:expected.partition', { whole: name('whole'), interval: interval(f.expected) }),
        actual: t('findings:actual.partition', { interval: interval(f.actual) }),
        gap: t('findings:gap.apart', { gap }),
      };
    case 'subset':
      return {
        headline: t('findings:headline.subset', { count: parts, parts: name('part'), whole: name('whole') }),
        expected: t('findings:expected.subset', { amount: formatAmount(f.expected.upper ?? 0, unit, language) }),
        actual: t('findings:actual.subset', { count: parts, interval: interval(f.actual) }),
        gap: t('findings:gap.aboveWhole', { gap }),
      };
    case 'cumulative': {
      const earlier = f.figures.find((x) => x.role === 'earlier');
      return {
        headline: t('findings:headline.cumulative', { metric: name('later') }),
        expected: earlier
          ? t('findings:expected.cumulative', { amount: formatAmount(f.expected.lower, unit, language), date: date(earlier.asOf) })
          : t('findings:interval.atLeast', { amount: formatAmount(f.expected.lower, unit, language) }),
        actual: interval(f.actual),
        gap: t('findings:gap.down', { gap }),
      };
    }
    case 'replaced': {
      const [earlier, later] = [f.figures.find((x) => x.role === 'earlier'), f.figures.find((x) => x.role === 'later')];
      return {
        headline: t('findings:headline.replaced', { metric: name('later'), date: date(f.date) }),
        expected: earlier ? t('findings:expected.replaced', { interval: interval(f.expected), date: date(earlier.publishedOn) }) : interval(f.expected),
        actual: later ? t('findings:actual.replaced', { interval: interval(f.actual), date: date(later.publishedOn) }) : interval(f.actual),
        gap: t(f.actual.lower > (f.expected.upper ?? Infinity) ? 'findings:gap.up' : 'findings:gap.down', { gap }),
      };
    }
    case 'disagreement': {
      const first = f.figures[0];
      return {
        headline: t('findings:headline.disagreement', { metric: first ? labelOf(first.metric, first.label) : '', date: date(f.date) }),
        expected: t('findings:expected.disagreement', { interval: interval(f.expected) }),
        actual: t('findings:actual.disagreement', { interval: interval(f.actual) }),
        gap: t('findings:gap.apart', { gap }),
      };
    }
    default: {
      const exhaustive: never = f.kind;
      return exhaustive;
    }
  }
}
