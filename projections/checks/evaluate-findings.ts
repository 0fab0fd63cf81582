import type { Relation } from '../../events/schema/catalogue.js';
import { evaluateRelations, relationMetrics } from '../../src/domain/checks/evaluate.js';
import { evaluateSeries } from '../../src/domain/checks/series-checks.js';
import type { CheckedFigure, Finding } from '../../src/domain/checks/types.js';

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
 * One check's findings from the figures `historyOf` gives for each metric it reads (in valid-time
 * order, under whatever publication and archive times the caller chose); `until` leaves out later days.
 * Pure: the findings projection gives it the head's figures, the reader those of any query.
 */
export function evaluateCheck(check: Check, historyOf: (metric: string) => readonly CheckedFigure[], until?: string): Finding[] {
  if ('metric' in check) return evaluateSeries(check.metric, historyOf(check.metric), until);
  const histories = new Map(relationMetrics(check.relation).map((m) => [m, historyOf(m)]));
  return evaluateRelations([check.relation], histories, { until });
}
