import { firstDay } from '../../../events/schema/dates.js';
import { byCodeUnits } from './evaluate.js';
import { gapBetween, intervalOf } from './intervals.js';
import { inferredRank, type CheckedFigure, type Finding, type FindingFigure, type FindingKind } from './types.js';

/** The pseudo-relation a metric's own series is checked as: one id per metric, for pages and anchors. */
export const seriesCheckId = (metric: string) => `figures-of-${metric}`;

const explanations: Record<Extract<FindingKind, 'replaced' | 'disagreement'>, string> = {
  replaced:
    'A later official statement gave another value for a day an earlier statement had already described: the later figure is the one in force, and the earlier one stays on the record.',
  disagreement:
    'Official statements published on the same day gave values for the same metric and the same day that cannot both be right. The archive keeps both, each with its source.',
};

/**
 * Revisions and disagreements within one metric's figures (every figure visible under the query's
 * publication and archive times, describing days up to `until`). Figures are grouped by the date
 * they describe, as the sources gave it; within a group, two figures whose ranges cannot meet are:
 * - a disagreement, when both were published on the same day;
 * - a revision ("replaced"), when the figure in force was published later than one it differs from.
 * One finding a group at most, holding until the metric's next described date.
 */
export function evaluateSeries(metric: string, history: readonly CheckedFigure[], until?: string): Finding[] {
  const groups = new Map<string, CheckedFigure[]>();
  for (const f of history) {
    if (until !== undefined && firstDay(f.asOf) > until) continue;
    groups.set(f.asOf, [...(groups.get(f.asOf) ?? []), f]);
  }
  // A month ("2022-10") sorts before the days within it, as changeDates ranks precision.
  const dates = [...groups.keys()].sort((a, b) => byCodeUnits(firstDay(a), firstDay(b)) || a.length - b.length);
  const findings: Finding[] = [];
  dates.forEach((date, i) => {
    const found = checkGroup(groups.get(date)!);
    if (!found) return;
    findings.push({
      relationId: seriesCheckId(metric),
      kind: found.kind,
      phrase: explanations[found.kind],
      declaredBy: 'archive',
      date,
      until: dates[i + 1] ?? null,
      figures: found.figures,
      missing: [],
      expected: intervalOf(found.figures[0]!.bounds),
      actual: intervalOf(found.figures[found.figures.length - 1]!.bounds),
      gap: found.gap,
    });
  });
  return findings;
}

function checkGroup(figures: readonly CheckedFigure[]): { kind: 'replaced' | 'disagreement'; figures: FindingFigure[]; gap: number } | undefined {
  if (figures.length < 2) return undefined;
  // The order figuresAsOf picks in: a source's date over an inferred one, publication, then log position; the last is in force.
  const ordered = [...figures].sort(
    (a, b) => inferredRank(a) - inferredRank(b) || byCodeUnits(firstDay(a.publishedOn), firstDay(b.publishedOn)) || a.position - b.position,
  );
  const apart = (a: CheckedFigure, b: CheckedFigure) => (a.statementId === b.statementId ? 0 : gapBetween(intervalOf(a.bounds), intervalOf(b.bounds)));
  for (const [i, a] of ordered.entries()) {
    for (const b of ordered.slice(i + 1)) {
      const gap = apart(a, b);
      if (gap > 0 && firstDay(a.publishedOn) === firstDay(b.publishedOn)) {
        return { kind: 'disagreement', figures: [a, b].map((f) => ({ ...f, role: 'stated' as const })), gap };
      }
    }
  }
  const inForce = ordered[ordered.length - 1]!;
  // The most recent earlier figure that the one in force differs from is what it replaced.
  const replaced = ordered
    .slice(0, -1)
    .reverse()
    .find((f) => firstDay(f.publishedOn) < firstDay(inForce.publishedOn) && apart(f, inForce) > 0);
  if (!replaced) return undefined;
  return { kind: 'replaced', figures: [{ ...replaced, role: 'earlier' }, { ...inForce, role: 'later' }], gap: apart(replaced, inForce) };
}
