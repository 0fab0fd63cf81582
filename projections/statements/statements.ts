import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { firstDay } from '../../events/schema/dates.js';
import type { Statement } from '../../events/schema/statement.js';
import type { StatementStatus } from '../../src/domain/statement-state.js';
import { endOfLog, endOfTime, preparedFor, type Projection } from '../projection.js';

/**
 * Every version of every statement, each valid in archive time from the position of the
 * event that made it until the next one: the timeline at any `at` is one indexed query,
 * and a statement's corrections history is its rows.
 */
export const statementsProjection: Projection = {
  name: 'statements',
  schema: `
    CREATE TABLE IF NOT EXISTS statement_versions (
      statement_id TEXT NOT NULL, revision INTEGER NOT NULL,
      from_position INTEGER NOT NULL, until_position INTEGER,
      event_type TEXT NOT NULL, reason TEXT, recorded_at TEXT NOT NULL,
      status TEXT NOT NULL, published_on_day TEXT NOT NULL,
      kind TEXT NOT NULL, body TEXT NOT NULL, data TEXT NOT NULL,
      PRIMARY KEY (statement_id, revision)
    );
    -- One copy of each text a statement carries (its speaker, title, summary, figures, sources), by
    -- its content: a version's data holds each such field as the key of its text, so a correction
    -- or a retraction stores only what it changed, and a speaker's thousand statements share one.
    CREATE TABLE IF NOT EXISTS statement_texts (key INTEGER PRIMARY KEY, text TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS statement_versions_by_day ON statement_versions (published_on_day, from_position);
    CREATE TABLE IF NOT EXISTS statement_topics (
      statement_id TEXT NOT NULL, revision INTEGER NOT NULL, topic TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS statement_topics_by_topic ON statement_topics (topic, statement_id, revision);
    -- The statements in force after the last statement event, counted: the timeline's count and
    -- filters at any position from that event on without a pass over every version (an earlier
    -- \`at\` still counts the versions live then). counted_at is that event's position.
    CREATE TABLE IF NOT EXISTS statement_counts (
      body TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (body, kind, status)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS statement_counts_state (id INTEGER PRIMARY KEY CHECK (id = 1), counted_at INTEGER NOT NULL);
    INSERT OR IGNORE INTO statement_counts_state (id, counted_at) VALUES (1, 0);`,
  handles: ['statement'],
  deferredIndexes: ['statement_versions_by_day', 'statement_topics_by_topic'],
  evolve(db, change, recorded) {
    switch (change.kind) {
      case 'metric':
      case 'relation':
      case 'translation':
        return;
      case 'statement': {
        const { after, before, event } = change;
        const s = after.statement;
        const w = writes(db);
        // A first version has nothing to close: skipping the update keeps a rebuild to inserts.
        if (before) {
          w.close.run(recorded.position, s.id);
          w.uncount.run(before.statement.speaker.body, before.statement.kind, before.status);
        }
        w.count.run(s.speaker.body, s.kind, after.status);
        w.countedAt.run(recorded.position);
        w.insert.run(
          s.id,
          recorded.revision,
          recorded.position,
          event.type,
          event.type === 'StatementPublished' ? null : event.data.reason,
          recorded.recordedAt,
          after.status,
          firstDay(s.publishedOn),
          s.kind,
          s.speaker.body,
          sharedForm(w, s),
        );
        for (const topic of new Set(s.topics)) w.topic.run(s.id, recorded.revision, topic);
        return;
      }
      default: {
        const exhaustive: never = change;
        return exhaustive;
      }
    }
  },
};

const writes = preparedFor((db) => ({
  close: db.prepare('UPDATE statement_versions SET until_position = ? WHERE statement_id = ? AND until_position IS NULL'),
  insert: db.prepare(
    `INSERT INTO statement_versions (statement_id, revision, from_position, event_type, reason, recorded_at,
       status, published_on_day, kind, body, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  topic: db.prepare('INSERT INTO statement_topics (statement_id, revision, topic) VALUES (?, ?, ?)'),
  count: db.prepare(
    'INSERT INTO statement_counts (body, kind, status, n) VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1',
  ),
  uncount: db.prepare('UPDATE statement_counts SET n = n - 1 WHERE body = ? AND kind = ? AND status = ?'),
  countedAt: db.prepare('UPDATE statement_counts_state SET counted_at = ? WHERE id = 1'),
  putText: db.prepare('INSERT OR IGNORE INTO statement_texts (key, text) VALUES (?, ?)'),
  text: db.prepare<[number]>('SELECT text FROM statement_texts WHERE key = ?').pluck() as unknown as Database.Statement<[number], string>,
}));

/** The fields whose texts are kept once (statement_texts), each stood for in a version's data by its key. */
const sharedFields = ['speaker', 'title', 'summary', 'figures', 'sources'] as const;

/** A statement as a version stores it: its shared fields by the keys of their texts. */
function sharedForm(w: ReturnType<typeof writes>, s: Statement): string {
  const stored: Record<string, unknown> = { ...s };
  for (const field of sharedFields) if (s[field] !== undefined) stored[field] = textKey(w, JSON.stringify(s[field]));
  return JSON.stringify(stored);
}

/**
 * A text's key: 52 bits of its SHA-1 (a safe integer, so the table's rowid). Two texts with one
 * hash, however unlikely, each get a key: the second takes the next free one, as the first event
 * to store a text always comes first in the log, so a rebuild gives the same keys.
 */
function textKey(w: ReturnType<typeof writes>, text: string): number {
  for (let key = Number.parseInt(createHash('sha1').update(text).digest('hex').slice(0, 13), 16); ; key = (key + 1) % 2 ** 52) {
    if (w.putText.run(key, text).changes === 1 || w.text.get(key) === text) return key;
  }
}

export type StatementVersion = Readonly<{
  statement: Statement;
  status: StatementStatus;
  revision: number;
  /** Log position of the event that made this version. */
  position: number;
  /** Log position of the event that replaced it, if any. */
  replacedAt: number | null;
  eventType: string;
  reason: string | null;
  recordedAt: string;
}>;

type Row = {
  statement_id: string;
  revision: number;
  from_position: number;
  until_position: number | null;
  event_type: string;
  reason: string | null;
  recorded_at: string;
  status: StatementStatus;
  data: string;
};

/**
 * Reads versions whole: each shared field's text is read once per reader (one page, one history),
 * as the statements of a page share speakers.
 */
function versionReader(db: Database.Database): (r: Row) => StatementVersion {
  const texts = new Map<number, unknown>();
  const textOf = (key: number) => {
    if (!texts.has(key)) texts.set(key, JSON.parse(reads(db).text.get(key)!) as unknown);
    return texts.get(key);
  };
  return (r) => {
    const stored = JSON.parse(r.data) as Record<string, unknown>;
    for (const field of sharedFields) if (typeof stored[field] === 'number') stored[field] = textOf(stored[field] as number);
    return toVersion(r, stored as Statement);
  };
}

const toVersion = (r: Row, statement: Statement): StatementVersion => ({
  statement,
  status: r.status,
  revision: r.revision,
  position: r.from_position,
  replacedAt: r.until_position,
  eventType: r.event_type,
  reason: r.reason,
  recordedAt: r.recorded_at,
});

const liveAt = '(from_position <= @at AND (until_position IS NULL OR until_position > @at))';

export type TimelineQuery = Readonly<{
  /** Only statements published on or before this day (YYYY-MM-DD). */
  until?: string;
  at?: number;
  topic?: string;
  body?: string;
  kind?: string;
  includeRetracted?: boolean;
}>;

export type Page = Readonly<{
  /** At most this many statements. */
  limit?: number;
  /** Skip this many first. */
  offset?: number;
  /**
   * Count `offset` from the latest statement instead of the earliest: the last page of a large
   * archive is then read from the end of the index instead of stepping over every earlier row.
   * The statements still come back in date order.
   */
  fromEnd?: boolean;
  /** Only the statements after this key: a page that starts where another ended, at any depth. */
  after?: TimelineKey;
  /** Only the statements before this key, read from it towards the earliest (still returned in date order). */
  before?: TimelineKey;
}>;

/**
 * A statement's place in timeline order, as the index statement_versions_by_day holds it: its
 * day, then the log position of its version (unique: one version per event). A page that starts
 * from a key is a seek into the index, so the 3,000th page reads as few rows as the first.
 */
export { timelineKey, type TimelineKey } from './timeline-key.js';
import { timelineKey, type TimelineKey } from './timeline-key.js';

function whereFor(q: TimelineQuery) {
  const where = [liveAt];
  if (q.until !== undefined) where.push('published_on_day <= @until');
  if (q.topic) {
    where.push(
      'EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = v.statement_id AND t.revision = v.revision AND t.topic = @topic)',
    );
  }
  if (q.body) where.push('body = @body');
  if (q.kind) where.push('kind = @kind');
  if (!q.includeRetracted) where.push("status = 'published'");
  return {
    sql: where.join(' AND '),
    params: { at: q.at ?? endOfLog, until: q.until ?? endOfTime, topic: q.topic, body: q.body, kind: q.kind },
  };
}

/**
 * The statements in date order, each in the version the archive held at `at`; with `limit`,
 * one page of them. The order is that of the index statement_versions_by_day, so a page is
 * read from the index, not sorted from every statement.
 */
export function listStatements(db: Database.Database, q: TimelineQuery & Page = {}): StatementVersion[] {
  const { sql, params, backwards } = pageSql(q);
  const rows = db.prepare<[Record<string, unknown>], Row>(sql).all(params);
  if (backwards) rows.reverse();
  return rows.map(versionReader(db));
}

/** SQLite's plan for the query `listStatements` runs: how a test sees that a page is a seek into the index. */
export function listStatementsPlan(db: Database.Database, q: TimelineQuery & Page = {}): string[] {
  const { sql, params } = pageSql(q);
  return db
    .prepare<[Record<string, unknown>], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all(params)
    .map((r) => r.detail);
}

function pageSql(q: TimelineQuery & Page) {
  // SQLite seeks backwards from one upper bound only: a day limit and a key fold into one key.
  const before = q.before && q.until !== undefined && q.until < q.before.day ? { day: q.until, position: endOfLog } : q.before;
  const where = whereFor(before ? { ...q, until: undefined } : q);
  const conditions = [where.sql];
  // Row values compare as the index sorts, so SQLite seeks to the key instead of stepping over what lies before it.
  if (q.after) conditions.push('(published_on_day, from_position) > (@afterDay, @afterPosition)');
  if (before) conditions.push('(published_on_day, from_position) < (@beforeDay, @beforePosition)');
  const paged = q.limit !== undefined || q.offset !== undefined;
  const backwards = Boolean(q.fromEnd || q.before);
  const direction = backwards ? 'DESC' : 'ASC';
  return {
    sql: `SELECT * FROM statement_versions v WHERE ${conditions.join(' AND ')}
       ORDER BY published_on_day ${direction}, from_position ${direction}${paged ? ' LIMIT @limit OFFSET @offset' : ''}`,
    params: {
      ...where.params,
      ...(q.after && { afterDay: q.after.day, afterPosition: q.after.position }),
      ...(before && { beforeDay: before.day, beforePosition: before.position }),
      ...(paged && { limit: q.limit ?? -1, offset: q.offset ?? 0 }),
    },
    backwards,
  };
}

/**
 * How many statements `listStatements` would list without a limit, and how many of those are
 * retracted. Without a topic or date filter this is read off the pass of `summaryAt`, kept in
 * `summaries` when a reader passes its own.
 */
export function statementCounts(
  db: Database.Database,
  q: TimelineQuery = {},
  summaries: StatementSummaries = new Map(),
): { total: number; retracted: number } {
  if (!q.topic && !q.until) {
    let total = 0;
    let retracted = 0;
    for (const g of summaryAt(db, q.at ?? endOfLog, summaries)) {
      if ((q.body && g.body !== q.body) || (q.kind && g.kind !== q.kind)) continue;
      if (g.status === 'retracted') {
        if (!q.includeRetracted) continue;
        retracted += g.n;
      }
      total += g.n;
    }
    return { total, retracted };
  }
  const { sql, params } = whereFor(q);
  const row = db
    .prepare<[Record<string, unknown>], { total: number; retracted: number | null }>(
      `SELECT count(*) AS total, sum(status = 'retracted') AS retracted FROM statement_versions v WHERE ${sql}`,
    )
    .get(params);
  return { total: row?.total ?? 0, retracted: row?.retracted ?? 0 };
}

type Group = { body: string; kind: string; status: StatementStatus; n: number };
/** The statements live at a position the log has passed, counted by body, kind and status: a reader keeps the last few. */
export type StatementSummaries = Map<number, readonly Group[]>;
const summaryCacheSize = 8;

/**
 * The statements live at `at`, counted by body, kind and status: the timeline's count and its
 * body and kind filters. From the last statement event on this is the counts table the projection keeps; before it,
 * one pass over the versions live then. What the archive held at a position the log has passed
 * never changes, so the last few such answers are kept in `cache`.
 */
function summaryAt(db: Database.Database, at: number, cache: StatementSummaries): readonly Group[] {
  const q = summaryReads(db);
  // One read transaction: the counts table and the position it stands at are one snapshot.
  const atHead = db.transaction(() => {
    const countedAt = q.countedAt.get()?.counted_at ?? 0;
    return at >= countedAt ? q.counts.all() : undefined;
  })();
  if (atHead) return atHead;
  const cached = cache.get(at);
  if (cached) return cached;
  const groups = q.liveAt.all({ at });
  if (cache.size >= summaryCacheSize) cache.delete(cache.keys().next().value as number);
  cache.set(at, groups);
  return groups;
}

const summaryReads = preparedFor((db) => ({
  countedAt: db.prepare<[], { counted_at: number }>('SELECT counted_at FROM statement_counts_state WHERE id = 1'),
  counts: db.prepare<[], Group>('SELECT body, kind, status, n FROM statement_counts WHERE n > 0'),
  liveAt: db.prepare<[Record<string, unknown>], Group>(
    `SELECT body, kind, status, count(*) AS n FROM statement_versions v WHERE ${liveAt} GROUP BY body, kind, status`,
  ),
}));

/** How many statements `listStatements` would list without a limit. */
export function countStatements(db: Database.Database, q: TimelineQuery = {}, summaries?: StatementSummaries): number {
  return statementCounts(db, q, summaries).total;
}

const reads = preparedFor((db) => ({
  one: db.prepare<[Record<string, unknown>], Row>(`SELECT * FROM statement_versions WHERE statement_id = @id AND ${liveAt}`),
  history: db.prepare<[string, number], Row>(
    'SELECT * FROM statement_versions WHERE statement_id = ? AND from_position <= ? ORDER BY revision',
  ),
  current: db.prepare<[string], Row>('SELECT * FROM statement_versions WHERE statement_id = ? AND until_position IS NULL'),
  text: db.prepare<[number]>('SELECT text FROM statement_texts WHERE key = ?').pluck() as unknown as Database.Statement<[number], string>,
}));

/** One statement as the archive held it at `at`, retracted or not. */
export function getStatement(db: Database.Database, id: string, at = endOfLog): StatementVersion | undefined {
  const row = reads(db).one.get({ id, at });
  return row && versionReader(db)(row);
}

/** Every version of a statement up to `at`, oldest first: its publication, corrections and retraction. */
export function statementHistory(db: Database.Database, id: string, at = endOfLog): StatementVersion[] {
  return reads(db).history.all(id, at).map(versionReader(db));
}

/**
 * The distinct bodies, kinds and topics of the statements in force at `at`, for the timeline's
 * filters. Bodies and kinds come from the cached pass of `summaryAt`; topics walk the topic index
 * one distinct topic at a time, each kept if a version live at `at` carries it.
 */
export function timelineFacets(db: Database.Database, at = endOfLog, summaries: StatementSummaries = new Map()) {
  const published = summaryAt(db, at, summaries).filter((g) => g.status === 'published');
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const nextTopic = db.prepare<[string], { topic: string }>('SELECT topic FROM statement_topics WHERE topic > ? ORDER BY topic LIMIT 1');
  const carried = db.prepare<[Record<string, unknown>], { one: number }>(
    `SELECT 1 AS one FROM statement_topics t JOIN statement_versions v
       ON v.statement_id = t.statement_id AND v.revision = t.revision
     WHERE t.topic = @topic AND ${liveAt.replaceAll('from_position', 'v.from_position').replaceAll('until_position', 'v.until_position')}
       AND v.status = 'published' LIMIT 1`,
  );
  const topics: string[] = [];
  for (let row = nextTopic.get(''); row; row = nextTopic.get(row.topic)) {
    if (carried.get({ topic: row.topic, at })) topics.push(row.topic);
  }
  return { bodies: sorted(published.map((g) => g.body)), kinds: sorted(published.map((g) => g.kind)), topics };
}

/** The state the stream's fold had after its last event, for the runner to evolve. */
export function currentStatementRow(db: Database.Database, id: string): StatementVersion | undefined {
  const row = reads(db).current.get(id);
  return row && versionReader(db)(row);
}

/** Where a page by key starts: after or before a statement's key, or at the latest end of the timeline. */
export type PageStart = 'latest' | Readonly<{ after: TimelineKey }> | Readonly<{ before: TimelineKey }>;

export type KeyedPage = Readonly<{
  /** In date order. */
  versions: StatementVersion[];
  /** Whether statements lie before the first of the page, and after the last. */
  earlier: boolean;
  later: boolean;
}>;

/**
 * One page of `size` statements, read from the index at its start: whatever its depth, it reads
 * the page, one row more to tell whether another page follows, and at most one row to tell
 * whether one lies behind it.
 */
export function statementsPage(db: Database.Database, q: TimelineQuery, size: number, start: PageStart): KeyedPage {
  const forwards = start !== 'latest' && 'after' in start;
  const from = start === 'latest' ? { fromEnd: true } : start;
  const read = listStatements(db, { ...q, ...from, limit: size + 1 });
  const more = read.length > size;
  const versions = forwards ? read.slice(0, size) : read.slice(Math.max(0, read.length - size));
  const any = (side: Page) => listStatements(db, { ...q, ...side, limit: 1 }).length > 0;
  const [first, last] = [versions[0], versions[versions.length - 1]];
  if (start === 'latest') return { versions, earlier: more, later: false };
  if ('after' in start) {
    // Positions are whole numbers: before (day, p + 1) is "at or before" the key itself.
    const behind = first ? timelineKey(first) : { day: start.after.day, position: start.after.position + 1 };
    return { versions, earlier: any({ before: behind }), later: more };
  }
  const ahead = last ? timelineKey(last) : { day: start.before.day, position: start.before.position - 1 };
  return { versions, earlier: more, later: any({ after: ahead }) };
}
