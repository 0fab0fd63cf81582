import type { FigureRecord } from '../../../projections/figures/figures.js';
import type { Comparison, MetricChange } from '../../../projections/compare/compare.js';
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

/** The comparison as the /compare page shows it: finished strings, escaped by the template. */
export function comparisonView(c: Comparison, at: number | undefined) {
  return {
    fromText: formatPartialDate(c.from),
    toText: formatPartialDate(c.to),
    unchanged: c.unchanged,
    count: c.changes.length,
    rows: c.changes.map((m) => ({
      label: m.label,
      metricHref: link(`/metrics/${m.metric}`, { at }),
      kind: kinds[m.kind],
      before: side(m.old, at),
      after: side(m.new, at),
      difference: differenceText(m),
    })),
  };
}
