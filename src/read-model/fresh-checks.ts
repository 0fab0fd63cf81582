import type Database from 'better-sqlite3';
import { listMetrics, listRelations } from '../../projections/catalogue/catalogue.js';
import { evaluateCheck, type CheckedFindings, type CheckKey, type ChecksQuery } from '../../projections/checks/evaluate-findings.js';
import type { FreshChecks } from '../../projections/checks/findings.js';
import { metricHistory } from '../../projections/figures/figures.js';
import { seriesCheckId } from '../domain/checks/series-checks.js';
import { endOfLog } from '../../projections/projection.js';

/**
 * Every check evaluated afresh over the figures, one at a time (each in date order): the answer
 * the findings read model keeps, and what answers a question it does not keep (a `known`, or an
 * `at` before its last change). It joins three read models (the catalogue's relations and metrics,
 * the figures, the findings' evaluation), so it is the reader's, not any projection's. Only one
 * check's figures and findings are in memory at once. A relation is yielded even with no finding;
 * a metric's series only with some.
 */
export function* evaluateEachCheck(
  db: Database.Database,
  q: ChecksQuery,
  only: (check: number, key: CheckKey) => boolean = () => true,
): Generator<CheckedFindings> {
  const times = { date: q.date, known: q.known, at: q.at };
  const historyOf = (metric: string) => metricHistory(db, metric, times);
  const relations = listRelations(db, q.at ?? endOfLog);
  for (const [check, relation] of relations.entries()) {
    const key = [0, '', relation.id] as const;
    if (only(check, key)) yield { findings: evaluateCheck({ relation }, historyOf, q.date), check, key };
  }
  for (const [m, metric] of listMetrics(db, q.at ?? endOfLog).entries()) {
    const check = relations.length + m;
    const key = [1, metric.topic, seriesCheckId(metric.id)] as const;
    if (!only(check, key)) continue;
    const findings = evaluateCheck({ metric: metric.id }, historyOf, q.date);
    if (findings.length > 0) yield { findings, check, key };
  }
}

/** The fresh evaluation over one read model, as the findings' queries take it for what they do not keep. */
export const freshChecksOf =
  (db: Database.Database): FreshChecks =>
  (q, only) =>
    evaluateEachCheck(db, q, only);
