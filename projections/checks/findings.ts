import type Database from 'better-sqlite3';
import { listMetrics, listRelations } from '../catalogue/catalogue.js';
import { metricHistory } from '../figures/figures.js';
import { endOfLog } from '../projection.js';
import { evaluateRelations, relationMetrics, sortFindings } from '../../src/domain/checks/evaluate.js';
import { evaluateSeries } from '../../src/domain/checks/series-checks.js';
import type { Finding } from '../../src/domain/checks/types.js';

export type ChecksQuery = Readonly<{
  /** Valid time: contradictions among the figures in force up to this day (YYYY-MM-DD). */
  date: string;
  /** Publication time: only statements published on or before this day. */
  known?: string;
  /** Archive time: relations and figures as the log stood at this position. */
  at?: number;
}>;

/**
 * Every finding up to `date`: contradictions between the declared relations and the official
 * figures, and revisions and disagreements within each metric's figures.
 * No table of its own and no replay: each relation's metrics are read from the figures
 * index (one indexed query per metric) under the same three times as every other page.
 * A finding whose `until` is null still holds on `date`; the others were resolved before it.
 * Everything is in memory at once: pages and exports use findingsWindowAsOf and eachRelationsFindings.
 */
export function findingsAsOf(db: Database.Database, q: ChecksQuery): Finding[] {
  const findings: Finding[] = [];
  eachRelationsFindings(db, q, (some) => findings.push(...some));
  return sortFindings(findings);
}

/**
 * The findings up to `date`, one relation at a time, each relation's in date order: only one
 * relation's figures and findings are in memory at once (a large archive holds millions of
 * figures and can hold tens of thousands of findings). Figures describing later days are not read.
 */
export function eachRelationsFindings(
  db: Database.Database,
  q: ChecksQuery,
  take: (findings: Finding[], relation: number) => void,
  only: (relation: number) => boolean = () => true,
): void {
  const times = { date: q.date, known: q.known, at: q.at };
  const relations = listRelations(db, q.at ?? endOfLog);
  relations.forEach((relation, r) => {
    if (!only(r)) return;
    const histories = new Map(relationMetrics(relation).map((m) => [m, metricHistory(db, m, times)]));
    take(evaluateRelations([relation], histories, { until: q.date }), r);
  });
  // Then each metric's own series, for revisions and disagreements: numbered after the relations.
  listMetrics(db, q.at ?? endOfLog).forEach((metric, m) => {
    const r = relations.length + m;
    if (!only(r)) return;
    const findings = evaluateSeries(metric.id, metricHistory(db, metric.id, times), q.date);
    if (findings.length > 0) take(findings, r);
  });
}

/** A finding's place in date order, without its evidence: enough to count findings and choose a page. */
export type FindingPlace = Readonly<{ relationId: string; date: string; until: string | null }>;

/**
 * The findings `choose` picks by their places in date order (indexes into the list it is given),
 * whole, in date order, and how many there are in all. Memory stays one relation's findings and
 * the chosen ones, whatever the archive's size. Relations are evaluated once to place every
 * finding, keeping whole those `keep` names by their rank in their relation (at most a page's
 * worth each: a finding n-th in its relation is at least n-th in all), and evaluated again only
 * where a chosen finding was not kept.
 */
export function findingsWindowAsOf(
  db: Database.Database,
  q: ChecksQuery,
  choose: (places: readonly FindingPlace[]) => Iterable<number>,
  keep: (finding: Finding, rank: number, ofRelation: number) => boolean = () => false,
): { total: number; findings: Finding[] } {
  // A relation's findings begin on different dates, so a relation and a date name one finding.
  const keyOf = (relation: number, date: string) => `${relation} ${date}`;
  const places: (FindingPlace & { relation: number })[] = [];
  const kept = new Map<string, Finding>();
  eachRelationsFindings(db, q, (findings, relation) =>
    findings.forEach((f, rank) => {
      places.push({ relationId: f.relationId, date: f.date, until: f.until, relation });
      if (keep(f, rank, findings.length)) kept.set(keyOf(relation, f.date), f);
    }),
  );
  sortFindings(places);
  const chosen: Finding[] = [];
  const missing = new Map<number, Set<string>>();
  for (const i of choose(places)) {
    const place = places[i];
    if (!place) continue;
    const found = kept.get(keyOf(place.relation, place.date));
    if (found) chosen.push(found);
    else missing.set(place.relation, (missing.get(place.relation) ?? new Set()).add(place.date));
  }
  if (missing.size > 0) {
    eachRelationsFindings(
      db,
      q,
      (findings, relation) => chosen.push(...findings.filter((f) => missing.get(relation)!.has(f.date))),
      (relation) => missing.has(relation),
    );
  }
  return { total: places.length, findings: sortFindings(chosen) };
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
