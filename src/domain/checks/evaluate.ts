import type { Relation } from '../../../events/schema/catalogue.js';
import { firstDay, precisionOf } from '../../../events/schema/dates.js';
import { intervalOf } from './intervals.js';
import { checkRelation } from './relation-checks.js';
import { inferredRank, type CheckedFigure, type Finding, type Outcome } from './types.js';

export type EvaluateOptions = Readonly<{
  /** Valid time: evaluate on dates up to this day (YYYY-MM-DD) only. */
  until?: string;
}>;

export const relationMetrics = (r: Relation): string[] => (r.kind === 'cumulative' ? [r.metric] : [r.whole, ...r.parts]);

/**
 * Evaluates every relation at every date on which any of its metrics gets a figure, and
 * returns the contradictions in date order. Pure: `histories` maps each metric to every
 * figure visible under the chosen publication and archive times (metricHistory gives them).
 * The same contradiction over consecutive dates is one finding, dated from its first day.
 */
export function evaluateRelations(
  relations: readonly Relation[],
  histories: ReadonlyMap<string, readonly CheckedFigure[]>,
  options: EvaluateOptions = {},
): Finding[] {
  return sortFindings(relations.flatMap((relation) => evaluateRelation(relation, histories, options.until)));
}

/** Findings in date order, then by relation: the order evaluateRelations gives, for findings evaluated apart. */
export function sortFindings<F extends Pick<Finding, 'date' | 'relationId'>>(findings: F[]): F[] {
  return findings.sort((a, b) => byCodeUnits(firstDay(a.date), firstDay(b.date)) || byCodeUnits(a.relationId, b.relationId));
}

function evaluateRelation(
  relation: Relation,
  histories: ReadonlyMap<string, readonly CheckedFigure[]>,
  until: string | undefined,
): Finding[] {
  const series = new Map(relationMetrics(relation).map((m) => [m, validTimeOrder(histories.get(m) ?? [], until)]));
  const dates = changeDates([...series.values()].flat());
  const cursors = new Map([...series.keys()].map((m) => [m, -1]));
  const findings: Finding[] = [];
  // Of all earlier running totals, the one with the highest lower bound is the strongest witness
  // against a later figure (gapAbove), so it is the only one worth keeping.
  const earlier: CheckedFigure[] = [];
  let open: { finding: Finding; key: string } | undefined;
  for (const { day, date } of dates) {
    // Dates ascend, so each metric's figure in force only moves forward: one pass over its series.
    for (const [metric, figures] of series) {
      let i = cursors.get(metric)!;
      while (i + 1 < figures.length && figures[i + 1]!.day <= day) i += 1;
      cursors.set(metric, i);
    }
    const inForce = (metric: string) => withoutDays(series.get(metric)?.[cursors.get(metric) ?? -1]);
    const outcome = checkRelation(relation, inForce, earlier);
    const key = outcome && keyOf(outcome);
    if (open && open.key !== key) {
      findings.push({ ...open.finding, until: date });
      open = undefined;
    }
    if (outcome && !open) {
      open = { key: key!, finding: { relationId: relation.id, kind: relation.kind, phrase: relation.phrase, declaredBy: relation.declaredBy ?? 'source', date, until: null, ...outcome } };
    }
    if (relation.kind === 'cumulative') {
      const current = inForce(relation.metric);
      if (current && (earlier[0] === undefined || intervalOf(current.bounds).lower > intervalOf(earlier[0].bounds).lower)) earlier[0] = current;
    }
  }
  if (open) findings.push(open.finding);
  return findings;
}

type Dated = CheckedFigure & { day: string; publishedDay: string };

/**
 * The order figuresAsOf picks in: asOf, a source's date over an inferred one, then publication,
 * then log position (a stable sort keeps
 * the rest). Figures describing days after `until` never take part, so they are left out here.
 */
function validTimeOrder(figures: readonly CheckedFigure[], until: string | undefined): Dated[] {
  return figures
    .map((f) => ({ ...f, day: firstDay(f.asOf), publishedDay: firstDay(f.publishedOn) }))
    .filter((f) => until === undefined || f.day <= until)
    .sort((a, b) => byCodeUnits(a.day, b.day) || inferredRank(a) - inferredRank(b) || byCodeUnits(a.publishedDay, b.publishedDay) || a.position - b.position);
}

function withoutDays(found: Dated | undefined): CheckedFigure | undefined {
  if (!found) return undefined;
  const { day: _day, publishedDay: _published, ...figure } = found;
  return figure;
}

/** Each day a figure begins, once, shown at the finest precision any source gave for it. */
function changeDates(figures: readonly Dated[]): { day: string; date: string }[] {
  const byDay = new Map<string, string>();
  for (const f of figures) {
    const known = byDay.get(f.day);
    if (!known || rank(f.asOf) > rank(known)) byDay.set(f.day, f.asOf);
  }
  return [...byDay].sort(([a], [b]) => byCodeUnits(a, b)).map(([day, date]) => ({ day, date }));
}

/**
 * Days (YYYY-MM-DD) and ids sort by their code units, as SQLite sorts them. localeCompare was a
 * microsecond a comparison, most of a check's time over millions of figures.
 */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const rank = (date: string) => ({ year: 0, month: 1, day: 2 })[precisionOf(date) ?? 'year'];

/**
 * Two dates show the same contradiction when the same metrics have the same values and the gap is
 * the same, whichever statements gave them: a figure restated by a later statement continues a
 * finding (which keeps the evidence of its first date) rather than starting a new one.
 */
function keyOf(o: Outcome): string {
  const figures = o.figures.map((f) => [f.role, f.metric, f.value, f.bounds.lower, f.bounds.upper]);
  return JSON.stringify([figures, o.missing, o.gap]);
}
