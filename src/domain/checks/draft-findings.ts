import type { Relation } from '../../../events/schema/catalogue.js';
import type { Statement } from '../../../events/schema/statement.js';
import { firstDay } from '../../../events/schema/dates.js';
import { evaluateRelations, relationMetrics, sortFindings } from './evaluate.js';
import { evaluateSeries, seriesCheckId } from './series-checks.js';
import type { CheckedFigure, Finding } from './types.js';

/** A draft is not in the log yet: it would take the next position, after every figure the archive holds. */
export const draftPosition = Number.MAX_SAFE_INTEGER;

/** The draft statement's figures as the checks see them. */
export function draftFigures(statement: Statement, labels: ReadonlyMap<string, string>): CheckedFigure[] {
  return statement.figures.map((f) => ({
    ...f,
    statementId: statement.id,
    publishedOn: statement.publishedOn,
    position: draftPosition,
    label: labels.get(f.metric),
  }));
}

/** The metrics whose figures the checks of a draft must read: every metric of a relation that involves one of its figures. */
export function metricsToRead(relations: readonly Relation[], draft: readonly CheckedFigure[]): string[] {
  const drafted = new Set(draft.map((f) => f.metric));
  const involved = relations.filter((r) => relationMetrics(r).some((m) => drafted.has(m)));
  return [...new Set([...drafted, ...involved.flatMap(relationMetrics)])];
}

/**
 * The findings a draft's figures would take part in, before anything is appended: every relation
 * and series check that involves the draft's metrics, evaluated over the archive's figures plus
 * the draft's. A finding counts when a draft figure is among its evidence, or when it holds on a
 * day a draft figure describes, in a check of that figure's metric: a draft that restates a
 * contradicted figure continues the finding, which keeps the evidence of its first day.
 * Pure: `histories` holds the archive's figures of metricsToRead's metrics.
 */
export function draftFindings(
  relations: readonly Relation[],
  histories: ReadonlyMap<string, readonly CheckedFigure[]>,
  draft: readonly CheckedFigure[],
): Finding[] {
  const drafted = new Set(draft.map((f) => f.metric));
  const withDraft = new Map(histories);
  for (const f of draft) withDraft.set(f.metric, [...(withDraft.get(f.metric) ?? []), f]);
  const involved = relations.filter((r) => relationMetrics(r).some((m) => drafted.has(m)));
  const findings = [
    ...evaluateRelations(involved, withDraft),
    ...[...drafted].flatMap((m) => evaluateSeries(m, withDraft.get(m) ?? [])),
  ];
  const metricsOf = new Map<string, readonly string[]>([
    ...involved.map((r): [string, string[]] => [r.id, relationMetrics(r)]),
    ...[...drafted].map((m): [string, string[]] => [seriesCheckId(m), [m]]),
  ]);
  const holdsOn = (f: Finding, day: string) => firstDay(f.date) <= day && (f.until === null || day < firstDay(f.until));
  const touches = (f: Finding) =>
    f.figures.some((x) => x.position === draftPosition) ||
    draft.some((d) => (metricsOf.get(f.relationId) ?? []).includes(d.metric) && holdsOn(f, firstDay(d.asOf)));
  return sortFindings(findings.filter(touches));
}
