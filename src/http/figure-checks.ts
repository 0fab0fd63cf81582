import type Database from 'better-sqlite3';
import { listRelations } from '../../projections/catalogue/catalogue.js';
import { evaluateRelations } from '../domain/checks/evaluate.js';
import { openFindingsByMetric } from '../../projections/checks/findings.js';
import { checkRelation } from '../domain/checks/relation-checks.js';
import type { Finding } from '../domain/checks/types.js';
import { evaluateSeries } from '../domain/checks/series-checks.js';
import { figuresDescribing, metricHistory, type FigureRecord } from '../../projections/figures/figures.js';

export type DayQuery = Readonly<{ date: string; known?: string; at: number }>;

/**
 * The findings (contradictions, revisions, disagreements) that hold on `date` among the figures in force then, by metric: what
 * /figures marks beside its rows. The same answer as openFindingsByMetric(findingsAsOf(…))
 * (a test holds them equal on the seed), but checked at the one day from the figures the page
 * already has: findingsAsOf evaluates every relation over the whole history, which /checks
 * needs and which takes seconds on a large archive. Only a running total needs its earlier
 * figures, so only its own metric's history is read.
 *
 * `inForce` must be figuresAsOf's answer for the same date, known and at, for every topic.
 * A finding's `date` here is the day checked, not the first day it held (/checks has that).
 */
export function openContradictionsOn(db: Database.Database, q: DayQuery, inForce: readonly FigureRecord[]): Map<string, Finding[]> {
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
