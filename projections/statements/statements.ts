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
    CREATE INDEX IF NOT EXISTS statement_versions_by_day ON statement_versions (published_on_day, from_position);
    CREATE TABLE IF NOT EXISTS statement_topics (
      statement_id TEXT NOT NULL, revision INTEGER NOT NULL, topic TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS statement_topics_by_topic ON statement_topics (topic, statement_id, revision);`,
  evolve(db, change, recorded) {
    switch (change.kind) {
      case 'metric':
      case 'relation':
        return;
      case 'statement': {
        const { after, before, event } = change;
        const s = after.statement;
        const w = writes(db);
        // A first version has nothing to close: skipping the update keeps a rebuild to inserts.
        if (before) w.close.run(recorded.position, s.id);
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
          JSON.stringify(s),
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
}));

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

const toVersion = (r: Row): StatementVersion => ({
  statement: JSON.parse(r.data) as Statement,
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

/** The statements in date order, each in the version the archive held at `at`. */
export function listStatements(db: Database.Database, q: TimelineQuery = {}): StatementVersion[] {
  const where = [liveAt, 'published_on_day <= @until'];
  if (q.topic) {
    where.push(
      'EXISTS (SELECT 1 FROM statement_topics t WHERE t.statement_id = v.statement_id AND t.revision = v.revision AND t.topic = @topic)',
    );
  }
  if (q.body) where.push('body = @body');
  if (q.kind) where.push('kind = @kind');
  if (!q.includeRetracted) where.push("status = 'published'");
  return db
    .prepare<[Record<string, unknown>], Row>(
      `SELECT * FROM statement_versions v WHERE ${where.join(' AND ')} ORDER BY published_on_day, from_position`,
    )
    .all({ at: q.at ?? endOfLog, until: q.until ?? endOfTime, topic: q.topic, body: q.body, kind: q.kind })
    .map(toVersion);
}

const reads = preparedFor((db) => ({
  one: db.prepare<[Record<string, unknown>], Row>(`SELECT * FROM statement_versions WHERE statement_id = @id AND ${liveAt}`),
  history: db.prepare<[string, number], Row>(
    'SELECT * FROM statement_versions WHERE statement_id = ? AND from_position <= ? ORDER BY revision',
  ),
  current: db.prepare<[string], Row>('SELECT * FROM statement_versions WHERE statement_id = ? AND until_position IS NULL'),
}));

/** One statement as the archive held it at `at`, retracted or not. */
export function getStatement(db: Database.Database, id: string, at = endOfLog): StatementVersion | undefined {
  const row = reads(db).one.get({ id, at });
  return row && toVersion(row);
}

/** Every version of a statement up to `at`, oldest first: its publication, corrections and retraction. */
export function statementHistory(db: Database.Database, id: string, at = endOfLog): StatementVersion[] {
  return reads(db).history.all(id, at).map(toVersion);
}

/** The distinct bodies, kinds and topics, for the timeline's filters. */
export function timelineFacets(db: Database.Database, at = endOfLog) {
  const live = `FROM statement_versions v WHERE ${liveAt} AND status = 'published'`;
  const column = (sql: string) => db.prepare<[Record<string, unknown>], { value: string }>(sql).all({ at }).map((r) => r.value);
  return {
    bodies: column(`SELECT DISTINCT body AS value ${live} ORDER BY body`),
    kinds: column(`SELECT DISTINCT kind AS value ${live} ORDER BY kind`),
    topics: column(
      `SELECT DISTINCT t.topic AS value FROM statement_topics t JOIN statement_versions v
         ON v.statement_id = t.statement_id AND v.revision = t.revision
       WHERE ${liveAt.replaceAll('from_position', 'v.from_position').replaceAll('until_position', 'v.until_position')}
         AND v.status = 'published' ORDER BY t.topic`,
    ),
  };
}

/** The state the stream's fold had after its last event, for the runner to evolve. */
export function currentStatementRow(db: Database.Database, id: string): StatementVersion | undefined {
  const row = reads(db).current.get(id);
  return row && toVersion(row);
}
