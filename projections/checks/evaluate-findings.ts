import type Database from 'better-sqlite3';
import type { Relation } from '../../events/schema/catalogue.js';
import { evaluateRelations, relationMetrics } from '../../src/domain/checks/evaluate.js';
import { evaluateSeries, seriesCheckId } from '../../src/domain/checks/series-checks.js';
import type { Finding } from '../../src/domain/checks/types.js';
import { listMetrics, listRelations } from '../catalogue/catalogue.js';
import { metricHistory } from '../figures/figures.js';
import { endOfLog } from '../projection.js';

export type ChecksQuery = Readonly<{
  /** Valid time: contradictions among the figures in force up to this day (YYYY-MM-DD). */
  date: string;
  /** Publication time: only statements published on or before this day. */
  known?: string;
  /** Archive time: relations and figures as the log stood at this position. */
  at?: number;
}>;

/** Where a check is listed: relations (0) by id, then each metric's series (1) by topic and id. */
export type CheckKey = readonly [series: number, topic: string, checkId: string];

/** One check's findings, and the check's place among all of them, as a number and as its key. */
export type CheckedFindings = Readonly<{ findings: Finding[]; check: number; key: CheckKey }>;

/** What one check looks at: a declared relation, or one metric's own series of figures. */
export type Check = Readonly<{ relation: Relation } | { metric: string }>;

/**
 * One check's findings from the figures, read from the figures index (one indexed query per
 * metric) under the query's publication and archive times; `until` leaves out later days.
 */
export function evaluateCheck(db: Database.Database, check: Check, times: Partial<ChecksQuery>): Finding[] {
  const q = { date: times.date, known: times.known, at: times.at };
  if ('metric' in check) return evaluateSeries(check.metric, metricHistory(db, check.metric, q), times.date);
  const histories = new Map(relationMetrics(check.relation).map((m) => [m, metricHistory(db, m, q)]));
  return evaluateRelations([check.relation], histories, { until: times.date });
}

/**
 * Every check evaluated afresh over the figures, one at a time (each in date order): the answer
 * the findings read model keeps, and what answers a question it does not keep (a `known`, or an
 * `at` before its last change). Only one check's figures and findings are in memory at once.
 * A relation is yielded even with no finding; a metric's series only with some.
 */
export function* evaluateEachCheck(
  db: Database.Database,
  q: ChecksQuery,
  only: (check: number, key: CheckKey) => boolean = () => true,
): Generator<CheckedFindings> {
  const relations = listRelations(db, q.at ?? endOfLog);
  for (const [check, relation] of relations.entries()) {
    const key = [0, '', relation.id] as const;
    if (only(check, key)) yield { findings: evaluateCheck(db, { relation }, q), check, key };
  }
  for (const [m, metric] of listMetrics(db, q.at ?? endOfLog).entries()) {
    const check = relations.length + m;
    const key = [1, metric.topic, seriesCheckId(metric.id)] as const;
    if (!only(check, key)) continue;
    const findings = evaluateCheck(db, { metric: metric.id }, q);
    if (findings.length > 0) yield { findings, check, key };
  }
}
