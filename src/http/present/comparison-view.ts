import type { FigureRecord } from '../../../projections/figures/figures.js';
import type { Comparison, MetricChange } from '../../../projections/figures/compare.js';
import { formatPartialDate } from '../../format/dates.js';
import { formatAmount } from '../../format/numbers.js';
import { figureView } from './figure-view.js';
import { link } from './links.js';

const kinds = { changed: 'Changed', appeared: 'First figure', dropped: 'Dropped out' } as const;

function side(f: FigureRecord | null, at: number | undefined) {
  if (!f) return undefined;
  return { ...figureView(f, f.label, at), statementTitle: f.statementTitle, statementHref: link(`/statements/${f.statementId}`, { at }) };
}

/** "+110 (+10.0%)", with "about" when either figure was worded loosely. */
export function differenceText(m: MetricChange): string | undefined {
  if (m.absolute === null) return undefined;
  const unit = (m.new ?? m.old)!.unit;
  const sign = m.absolute > 0 ? '+' : m.absolute < 0 ? '−' : '±';
  const relative = m.relative === null ? '' : ` (${sign}${Math.abs(m.relative * 100).toFixed(1)}%)`;
  return `${m.approximate ? 'about ' : ''}${sign}${formatAmount(Math.abs(m.absolute), unit)}${relative}`;
}

/**
 * The sections of the /compare page, each with the columns that mean something for it: a figure
 * that first appeared has no old value and no difference, so it gets no empty columns for them.
 */
const sections = [
  { kind: 'changed', heading: 'Changed', before: true, after: true, difference: true },
  { kind: 'appeared', heading: 'First figures', before: false, after: true, difference: false },
  { kind: 'dropped', heading: 'Dropped out', before: true, after: false, difference: false },
] as const;

/** The comparison as the /compare page shows it: finished strings, escaped by the template. */
export function comparisonView(c: Comparison, at: number | undefined) {
  const row = (m: MetricChange) => ({
    label: m.label,
    metricHref: link(`/metrics/${m.metric}`, { at }),
    kind: kinds[m.kind],
    before: side(m.old, at),
    after: side(m.new, at),
    difference: differenceText(m),
  });
  return {
    fromText: formatPartialDate(c.from),
    toText: formatPartialDate(c.to),
    unchanged: c.unchanged,
    count: c.changes.length,
    sections: sections
      .map((s) => ({ ...s, id: `compare-${s.kind}`, rows: c.changes.filter((m) => m.kind === s.kind).map(row) }))
      .filter((s) => s.rows.length > 0),
  };
}
