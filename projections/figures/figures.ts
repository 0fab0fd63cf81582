import type Database from 'better-sqlite3';
import { firstDay } from '../../events/schema/dates.js';
import type { Inferred, Qualifier, Unit, WordingKind } from '../../events/schema/figure.js';
import type { Language, Statement } from '../../events/schema/statement.js';
import { endOfLog, endOfTime, preparedFor, type Projection } from '../projection.js';
import type { AsOfIndex } from './as-of-index.js';
import { encodeRanks } from './as-of-ranks.js';
import { asOfKeySql, candidateSql, dayNumber, figuresPerVersion, firstIdOf, newestFirstSql, oldestFirstSql, queryDateKey, visibleSql } from './as-of-rule.js';

/**
 * Every figure of every statement version, valid in archive time from the version's
 * position until the next version's. Indexed by metric and date, so "the figures as of X"
 * costs one index seek per metric, whatever the length of the log.
 */
export const figuresProjection: Projection = {
  name: 'figures',
  schema: `
    CREATE TABLE IF NOT EXISTS figures (
      id INTEGER PRIMARY KEY,
      statement_id TEXT NOT NULL, ord INTEGER NOT NULL,
      from_position INTEGER NOT NULL, until_position INTEGER,
      metric TEXT NOT NULL, value REAL NOT NULL, qualifier TEXT NOT NULL, unit TEXT NOT NULL,
      lower REAL, upper REAL, wording TEXT NOT NULL, wording_kind TEXT, language TEXT, language_inferred INTEGER NOT NULL DEFAULT 0,
      as_of TEXT NOT NULL, as_of_day TEXT NOT NULL, as_of_inferred INTEGER NOT NULL,
      published_on TEXT NOT NULL, published_on_day TEXT NOT NULL,
      statement_title TEXT NOT NULL, speaker TEXT NOT NULL
    );
    -- In the as-of rule's order, until_position last: the index covers what a metric's ranks are built from.
    CREATE INDEX IF NOT EXISTS figures_by_metric
      ON figures (metric, as_of_day, as_of_inferred DESC, published_on_day, from_position, until_position);
    -- The figures' own copy of what they show of the catalogue, from MetricDefined: an answer lists
    -- a metric once it is defined, with its label and topic, with no read of the catalogue's tables.
    CREATE TABLE IF NOT EXISTS figure_metrics (
      id TEXT PRIMARY KEY, position INTEGER NOT NULL, label TEXT NOT NULL, topic TEXT NOT NULL
    ) WITHOUT ROWID;
    -- The log position of each statement's latest version: a new version closes that one's figures.
    CREATE TABLE IF NOT EXISTS figure_versions (statement_id TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
    -- Each metric's figures ranked by the as-of rule, as one blob (as-of-ranks.ts): a process opening
    -- the read model loads these instead of sorting every figure. changed_at is the position of the
    -- last event that added or closed one of the metric's figures, so a reader reloads only what moved.
    CREATE TABLE IF NOT EXISTS as_of_ranks (metric TEXT PRIMARY KEY, changed_at INTEGER NOT NULL, ranks BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS as_of_ranks_by_change ON as_of_ranks (changed_at);
    -- Metrics whose ranks are behind their figures, until the end of the batch (or of a rebuild) ranks them again.
    CREATE TABLE IF NOT EXISTS as_of_stale (metric TEXT PRIMARY KEY, changed_at INTEGER NOT NULL) WITHOUT ROWID;`,
  handles: ['metric', 'statement'],
  deferredIndexes: ['figures_by_metric'],
  evolve(db, change, recorded) {
    switch (change.kind) {
      case 'metric': {
        const m = change.metric;
        writes(db).metric.run(m.id, recorded.position, m.label, m.topic);
        return;
      }
      case 'relation':
      case 'translation':
        return;
      case 'statement': {
        const w = writes(db);
        const s = change.after.statement;
        // A first version has nothing to close, so a rebuild only appends. A later one closes the
        // rows of the version before it, one id range from that version's position.
        if (change.before) {
          const previous = w.previousVersion.get(s.id)?.position;
          if (previous !== undefined) {
            const range = [firstIdOf(previous), firstIdOf(previous) + BigInt(figuresPerVersion) - 1n] as const;
            w.markClosed.run(recorded.position, ...range);
            w.close.run(recorded.position, ...range);
          }
        }
        w.version.run(s.id, recorded.position);
        if (change.after.status === 'retracted') return;
        const publishedOnDay = firstDay(s.publishedOn);
        const speaker = JSON.stringify(s.speaker);
        for (const metric of new Set(s.figures.map((f) => f.metric))) w.mark.run(metric, recorded.position);
        s.figures.forEach((f, ord) =>
          w.insert.run(
            firstIdOf(recorded.position) + BigInt(ord),
            s.id,
            ord,
            recorded.position,
            f.metric,
            f.value,
            f.qualifier,
            f.unit,
            f.bounds.lower,
            f.bounds.upper,
            f.wording,
            f.wordingKind ?? null,
            f.language ?? null,
            f.languageInferred ? 1 : 0,
            f.asOf,
            firstDay(f.asOf),
            inferredCode(f.asOfInferred),
            s.publishedOn,
            publishedOnDay,
            s.title,
            speaker,
          ),
        );
        return;
      }
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
  finish: rankStaleMetrics,
};

/** Ranks again every metric whose figures changed, once a batch (or a rebuild) is applied. */
function rankStaleMetrics(db: Database.Database): void {
  const w = writes(db);
  for (const { metric, changed_at } of w.stale.all()) {
    w.putRanks.run(metric, changed_at, encodeRanks(w.ranked.all(metric) as [number, number, number, number | null][]));
  }
  w.clearStale.run();
}

/** An inferred date as a column: 0 read from the source, 1 the whole date inferred, 2 only its year. */
const inferredCode = (v: Inferred) => (v === 'year' ? 2 : v ? 1 : 0);
const inferredOf = (code: number): Inferred => (code === 2 ? 'year' : code === 1);

// A figure's id (as-of-rule.ts) puts rows in log order, one version's figures in one id range (a statement has at most 200).
const writes = preparedFor((db) => ({
  metric: db.prepare('INSERT INTO figure_metrics (id, position, label, topic) VALUES (?, ?, ?, ?)'),
  previousVersion: db.prepare<[string], { position: number }>('SELECT position FROM figure_versions WHERE statement_id = ?'),
  version: db.prepare(
    'INSERT INTO figure_versions (statement_id, position) VALUES (?, ?) ON CONFLICT DO UPDATE SET position = excluded.position',
  ),
  mark: db.prepare('INSERT INTO as_of_stale (metric, changed_at) VALUES (?, ?) ON CONFLICT DO UPDATE SET changed_at = excluded.changed_at'),
  markClosed: db.prepare(
    `INSERT INTO as_of_stale (metric, changed_at) SELECT DISTINCT metric, ? FROM figures WHERE id BETWEEN ? AND ? AND until_position IS NULL
     ON CONFLICT DO UPDATE SET changed_at = excluded.changed_at`,
  ),
  stale: db.prepare<[], { metric: string; changed_at: number }>('SELECT metric, changed_at FROM as_of_stale ORDER BY metric'),
  // In the order of the covering index figures_by_metric, which is the rule's: no sort.
  ranked: db
    .prepare<[string]>(
      `SELECT ${asOfKeySql}, CAST(replace(published_on_day, '-', '') AS INTEGER), id, until_position FROM figures
       WHERE metric = ? ORDER BY as_of_day, as_of_inferred DESC, published_on_day, from_position, until_position, id`,
    )
    .raw(),
  putRanks: db.prepare(
    'INSERT INTO as_of_ranks (metric, changed_at, ranks) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET changed_at = excluded.changed_at, ranks = excluded.ranks',
  ),
  clearStale: db.prepare('DELETE FROM as_of_stale'),
  close: db.prepare('UPDATE figures SET until_position = ? WHERE id BETWEEN ? AND ? AND until_position IS NULL'),
  insert: db.prepare(
    `INSERT INTO figures (id, statement_id, ord, from_position, metric, value, qualifier, unit, lower, upper,
       wording, wording_kind, language, language_inferred, as_of, as_of_day, as_of_inferred, published_on, published_on_day, statement_title, speaker)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
}));

/** A figure as the archive serves it: the number, its wording, and where it comes from. */
export type FigureRecord = Readonly<{
  metric: string;
  label: string;
  topic: string;
  value: number;
  qualifier: Qualifier;
  unit: Unit;
  bounds: { lower: number | null; upper: number | null };
  asOf: string;
  asOfInferred: Inferred;
  wording: string;
  /** A quote of a text the archive holds, or the archive's paraphrase of a report; absent in older events. */
  wordingKind?: WordingKind;
  /** The language the official gave the figure in. */
  language?: Language;
  /** `language` is the archive's judgement: no report says which language the official spoke. */
  languageInferred?: boolean;
  statementId: string;
  statementTitle: string;
  speaker: Statement['speaker'];
  publishedOn: string;
  /** Log position of the statement version the figure belongs to. */
  position: number;
}>;

export type AsOfQuery = Readonly<{
  /** Valid time: the latest figure whose asOf is on or before this day (YYYY-MM-DD). */
  date: string;
  /** Publication time: only statements published on or before this day. */
  known?: string;
  /** Archive time: the log as it stood at this position. */
  at?: number;
  topic?: string;
  metric?: string;
}>;

type Row = {
  metric: string;
  label: string;
  topic: string;
  value: number;
  qualifier: Qualifier;
  unit: Unit;
  lower: number | null;
  upper: number | null;
  wording: string;
  wording_kind: WordingKind | null;
  language: Language | null;
  language_inferred: number;
  as_of: string;
  as_of_inferred: number;
  statement_id: string;
  statement_title: string;
  speaker: string;
  published_on: string;
  from_position: number;
};

const toRecord = (r: Row): FigureRecord => ({
  metric: r.metric,
  label: r.label,
  topic: r.topic,
  value: r.value,
  qualifier: r.qualifier,
  unit: r.unit,
  bounds: { lower: r.lower, upper: r.upper },
  asOf: r.as_of,
  asOfInferred: inferredOf(r.as_of_inferred),
  wording: r.wording,
  ...(r.wording_kind && { wordingKind: r.wording_kind }),
  ...(r.language && { language: r.language }),
  ...(r.language_inferred === 1 && { languageInferred: true }),
  statementId: r.statement_id,
  statementTitle: r.statement_title,
  speaker: speakerOf(r.speaker),
  publishedOn: r.published_on,
  position: r.from_position,
});

/** Speakers repeat across thousands of figures: each is parsed once, and frozen, as it is shared. */
const speakers = new Map<string, Statement['speaker']>();
function speakerOf(json: string): Statement['speaker'] {
  let speaker = speakers.get(json);
  if (!speaker) {
    if (speakers.size >= 10_000) speakers.clear();
    speakers.set(json, (speaker = Object.freeze(JSON.parse(json) as Statement['speaker'])));
  }
  return speaker;
}

// Which figure is "the figure as of": the rule of as-of-rule.ts, which the in-memory index follows too.

const reads = preparedFor((db) => ({
  asOf: db.prepare<[Record<string, unknown>], Row>(
    `SELECT f.*, m.label, m.topic FROM figure_metrics m
     JOIN figures f ON f.rowid = (
       SELECT g.rowid FROM figures g
       WHERE g.metric = m.id AND ${candidateSql}
       ORDER BY ${newestFirstSql} LIMIT 1)
     WHERE m.position <= @at AND (@topic IS NULL OR m.topic = @topic) AND (@metric IS NULL OR m.id = @metric)
     ORDER BY m.topic, m.id`,
  ),
  // Rows as arrays, in whatever order SQLite finds them: the caller puts them in catalogue order.
  byIds: db
    .prepare<[string]>(
      `SELECT f.id, f.metric, f.value, f.qualifier, f.unit, f.lower, f.upper, f.wording, f.wording_kind, f.language, f.language_inferred, f.as_of, f.as_of_inferred,
         f.statement_id, f.statement_title, f.speaker, f.published_on, f.from_position
       FROM json_each(?) j JOIN figures f ON f.id = j.value`,
    )
    .raw(),
  previous: db.prepare<[Record<string, unknown>], Row>(
    `SELECT g.*, m.label, m.topic FROM figures g JOIN figure_metrics m ON m.id = g.metric
     WHERE g.metric = @metric AND g.as_of_day < @before AND ${visibleSql}
     ORDER BY ${newestFirstSql} LIMIT 1`,
  ),
  // One seek per metric down figures_by_metric, which starts with the metric and its days.
  earliest: db.prepare<[Record<string, unknown>], { day: string | null }>(
    `SELECT min((SELECT g.as_of_day FROM figures g WHERE g.metric = m.id AND g.from_position <= @at
       AND (g.until_position IS NULL OR g.until_position > @at) ORDER BY g.as_of_day LIMIT 1)) AS day FROM figure_metrics m`,
  ),
  sameDay: db.prepare<[Record<string, unknown>], Row>(
    `SELECT g.*, m.label, m.topic FROM figures g JOIN figure_metrics m ON m.id = g.metric
     WHERE g.metric = @metric AND g.as_of_day = @day AND ${visibleSql}
     ORDER BY g.published_on_day, g.from_position, g.ord`,
  ),
  history: db.prepare<[Record<string, unknown>], Row>(
    `SELECT g.*, m.label, m.topic FROM figures g JOIN figure_metrics m ON m.id = g.metric
     WHERE g.metric = @metric AND ${candidateSql}
     ORDER BY ${oldestFirstSql}`,
  ),
}));

const params = (q: Partial<AsOfQuery>) => ({
  date: q.date ?? endOfTime,
  known: q.known ?? endOfTime,
  at: q.at ?? endOfLog,
  topic: q.topic ?? null,
  metric: q.metric ?? null,
});

/**
 * The in-memory index of a read model's figures (as-of-index.ts), as its reader keeps it. Without
 * one, `figures as of` is SQLite's own query: the same answer, one seek per metric.
 */
export type FiguresIndex = () => AsOfIndex;

/** For each metric in the query, the id of the figure in force under its three times, from the in-memory index. */
function chooseFigures(q: AsOfQuery, figuresIndex: FiguresIndex | undefined) {
  if (!figuresIndex) return undefined;
  const p = params(q);
  const date = dayNumber(p.date);
  const known = dayNumber(p.known);
  // Days the index can compare as numbers; anything else gets SQLite's own string comparison.
  if (date === undefined || known === undefined) return undefined;
  const index = figuresIndex();
  // A batch or a rebuild whose ranks are not yet written: SQLite's query has every figure.
  if (!index.complete()) return undefined;
  const query = { date: queryDateKey(date), known, at: p.at };
  const chosen: { id: number; label: string; topic: string }[] = [];
  for (const m of index.metrics()) {
    if (m.position > p.at || (p.topic !== null && m.topic !== p.topic) || (p.metric !== null && m.id !== p.metric)) continue;
    const id = index.newest(m.id, query);
    if (id !== undefined) chosen.push({ id, label: m.label, topic: m.topic });
  }
  return chosen;
}

/**
 * Which figures `figuresAsOf` would answer with, as their read-model ids (in its order), without
 * reading them: the same ids mean the same answer. Undefined where the index cannot say.
 */
export function figureIdsAsOf(q: AsOfQuery, index: FiguresIndex | undefined): number[] | undefined {
  return chooseFigures(q, index)?.map((c) => c.id);
}

/** The official figure of every metric as of a date: the three times of DESIGN.md in one query. */
export function figuresAsOf(db: Database.Database, q: AsOfQuery, index?: FiguresIndex): FigureRecord[] {
  const chosen = chooseFigures(q, index);
  if (!chosen) return reads(db).asOf.all(params(q)).map(toRecord);
  if (chosen.length === 0) return [];
  const rows = new Map<number, unknown[]>();
  for (const row of reads(db).byIds.all(JSON.stringify(chosen.map((c) => c.id))) as unknown[][]) rows.set(row[0] as number, row);
  return chosen.map(({ id, label, topic }) => {
    const [, metric, value, qualifier, unit, lower, upper, wording, wordingKind, language, languageInferred, asOf, asOfInferred, statementId, title, speaker, publishedOn, position] =
      rows.get(id)! as [number, string, number, Qualifier, Unit, number | null, number | null, string, WordingKind | null, Language | null, number, string, number, string, string, string, string, number];
    return {
      metric,
      label,
      topic,
      value,
      qualifier,
      unit,
      bounds: { lower, upper },
      asOf,
      asOfInferred: inferredOf(asOfInferred),
      wording,
      ...(wordingKind && { wordingKind }),
      ...(language && { language }),
      ...(languageInferred === 1 && { languageInferred: true }),
      statementId,
      statementTitle: title,
      speaker: speakerOf(speaker),
      publishedOn,
      position,
    };
  });
}

/** The figure a metric had before `before` (a day), under the same publication and archive times. */
export function previousFigure(
  db: Database.Database,
  metric: string,
  before: string,
  q: Partial<AsOfQuery> = {},
): FigureRecord | undefined {
  const row = reads(db).previous.get({ ...params(q), metric, before: firstDay(before) });
  return row && toRecord(row);
}

/** Every figure given for a metric, in valid-time order; with `date`, only those describing that day or earlier. */
export function metricHistory(db: Database.Database, metric: string, q: Partial<AsOfQuery> = {}): FigureRecord[] {
  return reads(db).history.all({ ...params(q), metric }).map(toRecord);
}

/** Every figure given for a metric that describes exactly `asOf` (as the source gave it): one seek down figures_by_metric. */
export function figuresDescribing(db: Database.Database, metric: string, asOf: string, q: Partial<AsOfQuery> = {}): FigureRecord[] {
  return reads(db).sameDay.all({ ...params(q), metric, day: firstDay(asOf) }).map(toRecord).filter((f) => f.asOf === asOf);
}

/** The first day any figure in force at `at` describes: where an empty table points the reader. */
export function earliestFigureDay(db: Database.Database, at = endOfLog): string | undefined {
  return reads(db).earliest.get({ at })?.day ?? undefined;
}
