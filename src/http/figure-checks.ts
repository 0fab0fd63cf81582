import type Database from 'better-sqlite3';
import { listRelations } from '../../projections/catalogue/catalogue.js';
import { evaluateRelations } from '../domain/checks/evaluate.js';
import { openFindingsByMetric, openFindingsOn } from '../../projections/checks/findings.js';
import { checkRelation } from '../domain/checks/relation-checks.js';
import type { Finding } from '../domain/checks/types.js';
import { evaluateSeries } from '../domain/checks/series-checks.js';
import { figuresDescribing, metricHistory, type FigureRecord } from '../../projections/figures/figures.js';

export type DayQuery = Readonly<{ date: string; known?: string; at: number }>;

/**
 * The findings (contradictions, revisions, disagreements) that hold on `date` among the figures in force then, by metric: what
 * /figures marks beside its rows. The same answer as openFindingsByMetric(findingsAsOf(…))
 * (a test holds them equal on the seed). The findings read model keeps it for the head of the
 * log; for an earlier `at` or a `known`, it is checked at the one day from the figures the page
 * already has, as evaluating every relation over the whole history takes seconds on a large
 * archive. Only a running total needs its earlier figures, so only its own metric's history is read.
 *
 * `inForce` must be figuresAsOf's answer for the same date, known and at, for every topic.
 * Checked at the day, a finding's `date` is the day checked, not the first day it held (/checks has that).
 */
export function openContradictionsOn(db: Database.Database, q: DayQuery, inForce: readonly FigureRecord[]): Map<string, Finding[]> {
  return openFindingsOn(db, q) ?? checkedOn(db, q, inForce);
}

function checkedOn(db: Database.Database, q: DayQuery, inForce: readonly FigureRecord[]): Map<string, Finding[]> {
  const byMetric = new Map(inForce.map((f) => [f.metric, f]));
  const relationFindings = listRelations(db, q.at).flatMap((relation): Finding[] => {
    if (relation.kind === 'cumulative') {
      const history = metricHistory(db, relation.metric, { date: q.date, known: q.known, at: q.at });
      return evaluateRelations([relation], new Map([[relation.metric, history]]), { until: q.date }).filter((f) => f.until === null);
    }
    const outcome = checkRelation(relation, (metric) => byMetric.get(metric), []);
    return outcome ? [{ relationId: relation.id, kind: relation.kind, phrase: relation.phrase, declaredBy: relation.declaredBy ?? 'source', date: q.date, until: null, ...outcome }] : [];
  });
  // A revision or disagreement holds on the date only among the figures for the day the one in force describes.
  const seriesFindings = inForce.flatMap((f) =>
    evaluateSeries(f.metric, figuresDescribing(db, f.metric, f.asOf, { known: q.known, at: q.at }), q.date).filter((x) => x.until === null),
  );
  return openFindingsByMetric([...relationFindings, ...seriesFindings]);
}
