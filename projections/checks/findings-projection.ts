import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Relation } from '../../events/schema/catalogue.js';
import { firstDay } from '../../events/schema/dates.js';
import { relationMetrics } from '../../src/domain/checks/evaluate.js';
import { seriesCheckId } from '../../src/domain/checks/series-checks.js';
import type { Finding, FigureRole } from '../../src/domain/checks/types.js';
import { preparedFor, type OtherReadModels, type Projection } from '../projection.js';
import { evaluateCheck, type Check } from './evaluate-findings.js';

/**
 * The findings of every check (each declared relation, and each metric's own series) over the
 * whole of valid time, as the log stands at its head: what /checks, the API, the CSV, the CLI and
 * /figures read, for any date, with an indexed read. A finding is stored with the first day it
 * holds and the first day it no longer does, so the findings up to a date are the rows that begin
 * by it, a later end read as "still holds" (an evaluation up to that date gives exactly that).
 *
 * An event marks the checks it touches stale; `finish` evaluates each stale check once, at the end
 * of the batch and in its transaction, and rewrites only the rows that changed. A rebuild's bulk
 * batches leave the marks for the read model's settle. `findings_state` says which questions the
 * stored rows answer: none while a check is stale, and only from the last position that touched a
 * check on, for publication days up to the latest any figure gave (findings.ts falls back otherwise).
 */
export const findingsProjection: Projection = {
  name: 'findings',
  schema: `
    CREATE TABLE IF NOT EXISTS checks (
      id TEXT PRIMARY KEY, series INTEGER NOT NULL, topic TEXT NOT NULL, relation TEXT, metric TEXT
    );
    CREATE TABLE IF NOT EXISTS check_metrics (
      metric TEXT NOT NULL, check_id TEXT NOT NULL, PRIMARY KEY (metric, check_id)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS stale_checks (check_id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS findings_state (
      id INTEGER PRIMARY KEY CHECK (id = 1), changed_at INTEGER NOT NULL, latest_published_day TEXT NOT NULL
    );
    INSERT OR IGNORE INTO findings_state (id, changed_at, latest_published_day) VALUES (1, 0, '');
    -- The key is the order the CSV lists findings in: relations by id, then metrics by topic and id.
    CREATE TABLE IF NOT EXISTS findings (
      series INTEGER NOT NULL, topic TEXT NOT NULL, check_id TEXT NOT NULL,
      first_day TEXT NOT NULL, date TEXT NOT NULL, until_day TEXT, until TEXT, data TEXT NOT NULL,
      PRIMARY KEY (series, topic, check_id, first_day, date)
    );
    -- Date order, as the pages and the API list findings. It holds each finding's end too, so a page
    -- places, counts and finds what holds on a date from the index alone, reading only the rows it shows.
    CREATE INDEX IF NOT EXISTS findings_by_day ON findings (first_day, check_id, date, until_day, until);
    -- Each figure a finding shows, once, by its content: a relation's findings on consecutive dates
    -- show mostly the same figures, and a large archive has over a hundred thousand findings.
    CREATE TABLE IF NOT EXISTS evidence (key TEXT PRIMARY KEY, data TEXT NOT NULL, uses INTEGER NOT NULL) WITHOUT ROWID;`,
  handles: ['metric', 'relation', 'statement'],
  evolve(db, change, recorded) {
    const w = writes(db);
    switch (change.kind) {
      case 'metric': {
        const { id, topic } = change.metric;
        w.check.run(seriesCheckId(id), 1, topic, null, id);
        w.checkMetric.run(id, seriesCheckId(id));
        // A metric's label comes with its figures into every check that reads them.
        w.markMetric.run(id);
        w.changedAt.run(recorded.position);
        return;
      }
      case 'relation': {
        const r = change.relation;
        w.check.run(r.id, 0, '', JSON.stringify(r), null);
        for (const metric of new Set(relationMetrics(r))) w.checkMetric.run(metric, r.id);
        w.mark.run(r.id);
        w.changedAt.run(recorded.position);
        return;
      }
      case 'statement': {
        // A correction of any field of a statement with figures changes the evidence findings show.
        const metrics = new Set([...(change.before?.statement.figures ?? []), ...change.after.statement.figures].map((f) => f.metric));
        if (metrics.size === 0) return;
        for (const metric of metrics) w.markMetric.run(metric);
        w.changedAt.run(recorded.position);
        w.publishedDay.run(firstDay(change.after.statement.publishedOn));
        return;
      }
      case 'translation':
        // A translation of the archive's words changes no figure, so no finding.
        return;
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
  finish: refreshStaleChecks,
};

type CheckRow = { id: string; series: number; topic: string; relation: string | null; metric: string | null };

/** Evaluates every stale check afresh at the head of the log and rewrites the rows whose finding changed. */
function refreshStaleChecks(db: Database.Database, others: OtherReadModels): void {
  const w = writes(db);
  for (const row of w.stale.all()) {
    const check: Check = row.metric === null ? { relation: JSON.parse(row.relation!) as Relation } : { metric: row.metric };
    const key = [row.series, row.topic, row.id] as const;
    const stored = new Map(w.stored.all(...key).map((r) => [r.date, r.data]));
    for (const finding of evaluateCheck(check, others.metricHistory)) {
      const { data, evidence } = storedForm(finding);
      const before = stored.get(finding.date);
      stored.delete(finding.date);
      if (before === data) continue;
      if (before !== undefined) release(w, before);
      for (const [figureKey, figure] of evidence) w.use.run(figureKey, figure);
      const until = finding.until;
      w.put.run(...key, firstDay(finding.date), finding.date, until === null ? null : firstDay(until), until, data);
    }
    for (const [date, data] of stored) {
      release(w, data);
      w.remove.run(...key, date);
    }
  }
  w.clearStale.run();
}

/** A finding as stored: its figures by the key of their evidence row, with the role each plays. */
export type StoredFinding = Omit<Finding, 'figures'> & { figures: [role: FigureRole, key: string][] };

/** The row a finding is stored as, and the evidence rows its figures need. Keys are content hashes, so a rebuild writes the same rows. */
function storedForm(finding: Finding): { data: string; evidence: Map<string, string> } {
  const evidence = new Map<string, string>();
  const figures = finding.figures.map(({ role, ...figure }): [FigureRole, string] => {
    const data = JSON.stringify(figure);
    const key = createHash('sha256').update(data).digest('base64url').slice(0, 22);
    evidence.set(key, data);
    return [role, key];
  });
  const stored: StoredFinding = { ...finding, figures };
  return { data: JSON.stringify(stored), evidence };
}

function release(w: ReturnType<typeof writes>, data: string): void {
  for (const figureKey of new Set((JSON.parse(data) as StoredFinding).figures.map(([, key]) => key))) {
    w.unuse.run(figureKey);
    w.unused.run(figureKey);
  }
}

const writes = preparedFor((db) => ({
  check: db.prepare('INSERT INTO checks (id, series, topic, relation, metric) VALUES (?, ?, ?, ?, ?)'),
  checkMetric: db.prepare('INSERT OR IGNORE INTO check_metrics (metric, check_id) VALUES (?, ?)'),
  mark: db.prepare('INSERT OR IGNORE INTO stale_checks (check_id) VALUES (?)'),
  markMetric: db.prepare('INSERT OR IGNORE INTO stale_checks (check_id) SELECT check_id FROM check_metrics WHERE metric = ?'),
  changedAt: db.prepare('UPDATE findings_state SET changed_at = ? WHERE id = 1'),
  publishedDay: db.prepare('UPDATE findings_state SET latest_published_day = max(latest_published_day, ?) WHERE id = 1'),
  stale: db.prepare<[], CheckRow>('SELECT c.* FROM stale_checks s JOIN checks c ON c.id = s.check_id ORDER BY c.id'),
  stored: db.prepare<[number, string, string], { date: string; data: string }>(
    'SELECT date, data FROM findings WHERE series = ? AND topic = ? AND check_id = ?',
  ),
  put: db.prepare(
    `INSERT OR REPLACE INTO findings (series, topic, check_id, first_day, date, until_day, until, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  remove: db.prepare('DELETE FROM findings WHERE series = ? AND topic = ? AND check_id = ? AND date = ?'),
  clearStale: db.prepare('DELETE FROM stale_checks'),
  // A finding counts once for each figure it shows, however many of its figures share a content.
  use: db.prepare('INSERT INTO evidence (key, data, uses) VALUES (?, ?, 1) ON CONFLICT (key) DO UPDATE SET uses = uses + 1'),
  unuse: db.prepare('UPDATE evidence SET uses = uses - 1 WHERE key = ?'),
  unused: db.prepare('DELETE FROM evidence WHERE key = ? AND uses = 0'),
}));
