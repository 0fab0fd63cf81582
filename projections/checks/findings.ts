import type Database from 'better-sqlite3';
import { listRelations } from '../catalogue/catalogue.js';
import { metricHistory } from '../figures/figures.js';
import { endOfLog } from '../projection.js';
import { evaluateRelations, relationMetrics, sortFindings } from './evaluate.js';
import type { Finding } from './types.js';

export type ChecksQuery = Readonly<{
  /** Valid time: contradictions among the figures in force up to this day (YYYY-MM-DD). */
  date: string;
  /** Publication time: only statements published on or before this day. */
  known?: string;
  /** Archive time: relations and figures as the log stood at this position. */
  at?: number;
}>;

/**
 * Every contradiction between the declared relations and the official figures, up to `date`.
 * No table of its own and no replay: each relation's metrics are read from the figures
 * index (one indexed query per metric) under the same three times as every other page.
 * A finding whose `until` is null still holds on `date`; the others were resolved before it.
 */
export function findingsAsOf(db: Database.Database, q: ChecksQuery): Finding[] {
  // Relation by relation, so only one relation's histories are in memory at a time (a large
  // archive holds millions of figures); figures describing days after `date` are not read at all.
  const findings = listRelations(db, q.at ?? endOfLog).flatMap((relation) => {
    const histories = new Map(relationMetrics(relation).map((m) => [m, metricHistory(db, m, { date: q.date, known: q.known, at: q.at })]));
    return evaluateRelations([relation], histories, { until: q.date });
  });
  return sortFindings(findings);
}

/** The findings that still hold on the query date, by metric: what /figures marks beside a row. */
export function openFindingsByMetric(findings: readonly Finding[]): Map<string, Finding[]> {
  const byMetric = new Map<string, Finding[]>();
  for (const f of findings.filter((x) => x.until === null)) {
    for (const metric of new Set(f.figures.map((x) => x.metric))) {
      byMetric.set(metric, [...(byMetric.get(metric) ?? []), f]);
    }
  }
  return byMetric;
}
