import type { FigureRecord } from '../../../projections/figures/figures.js';
import type { Comparison, MetricChange } from '../../../projections/figures/compare.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatAmount, formatSignedPercent } from '../../format/numbers.js';
import { figureView } from './figure-view.js';
import { figureOriginView } from './figure-origin.js';
import { link } from './links.js';
import { english, type Localized } from './localized.js';

function side(f: FigureRecord | null, at: number | undefined, l: Localized) {
  if (!f) return undefined;
  return { ...figureView(f, f.label, at, l), ...figureOriginView(f, at, l) };
}

/** "+110 (+10.0%)", with "about" when either figure was worded loosely; «+110 (+10,0 %)» in Russian. */
export function differenceText(m: MetricChange, l: Localized = english): string | undefined {
  if (m.absolute === null) return undefined;
  const unit = (m.new ?? m.old)!.unit;
  const sign = m.absolute > 0 ? '+' : m.absolute < 0 ? '−' : '±';
  const relative = m.relative === null ? '' : ` (${formatSignedPercent(m.relative, l.lang).replace('-', '−')})`;
  const difference = `${sign}${formatAmount(Math.abs(m.absolute), unit, l.lang)}${relative}`;
  return m.approximate ? l.t('format:change.approximately', { difference }) : difference;
}

/**
 * The sections of the /compare page, each with the columns that mean something for it: a figure
 * that first appeared has no old value and no difference, so it gets no empty columns for them.
 */
const sections = [
  { kind: 'changed', before: true, after: true, difference: true },
  { kind: 'appeared', before: false, after: true, difference: false },
  { kind: 'dropped', before: true, after: false, difference: false },
] as const;

/** The comparison as the /compare page shows it, in the page's language: finished strings, escaped by the template. */
export function comparisonView(c: Comparison, at: number | undefined, l: Localized = english) {
  const row = (m: MetricChange) => {
    const label = l.metricLabel(m.metric, m.label);
    return {
      label: label.text,
      labelLang: label.lang,
      metricHref: link(`/metrics/${m.metric}`, { at }),
      kind: l.t(`compare:kind.${m.kind}`),
      before: side(m.old, at, l),
      after: side(m.new, at, l),
      difference: differenceText(m, l),
    };
  };
  return {
    fromText: formatPartialDate(c.from, l.lang),
    toText: formatPartialDate(c.to, l.lang),
    unchanged: c.unchanged,
    count: c.changes.length,
    sections: sections
      .map((s) => ({ ...s, heading: l.t(`compare:section.${s.kind}`), id: `compare-${s.kind}`, rows: c.changes.filter((m) => m.kind === s.kind).map(row) }))
      .filter((s) => s.rows.length > 0),
  };
}
