import { categoryOf, type Finding } from '../../domain/checks/types.js';
import { formatPartialDate } from '../../format/dates.js';
import { findingText } from '../../present/finding-text.js';
import { boundsText, wordingView } from './figure-view.js';
import { formatFigureValue } from '../../format/numbers.js';
import { humanize } from './labels.js';
import { link } from './links.js';

const roles = { whole: 'Whole', part: 'Part', earlier: 'Earlier figure', later: 'Later figure', stated: 'Stated' } as const;

export const categoryLabels = { contradiction: 'Contradiction', revision: 'Revision', disagreement: 'Disagreement' } as const;

/** A relation has at most one contradiction holding on a date: its anchor on /checks, for /figures to link to. */
export const holdingAnchor = (relationId: string) => `holding-${relationId}`;

/** A finding as the /checks page shows it: finished strings only, the template escapes them. */
export function findingView(f: Finding, linkAt: number | undefined) {
  const text = findingText(f);
  return {
    ...text,
    id: `finding-${f.relationId}-${f.date}`,
    anchor: f.until === null ? holdingAnchor(f.relationId) : undefined,
    relationId: f.relationId,
    kind: humanize(f.kind),
    category: categoryLabels[categoryOf(f.kind)],
    // A relation the source states shows its words; the archive's own relations and series checks, its reason.
    relation: f.kind !== 'replaced' && f.kind !== 'disagreement',
    quoted: f.declaredBy === 'source',
    phrase: f.phrase,
    holds: f.until === null,
    since: formatPartialDate(f.date),
    sinceIso: f.date,
    until: f.until && formatPartialDate(f.until),
    untilIso: f.until,
    missing: f.missing.join(', '),
    figures: f.figures.map((x) => ({
      role: roles[x.role],
      label: x.label ?? x.metric,
      metricHref: link(`/metrics/${x.metric}`, { at: linkAt }),
      value: formatFigureValue(x),
      bounds: boundsText(x),
      ...wordingView(x),
      asOf: formatPartialDate(x.asOf),
      asOfIso: x.asOf,
      statementId: x.statementId,
      statementHref: link(`/statements/${x.statementId}`, { at: linkAt }),
    })),
  };
}
