import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projections as allProjections, readModelVersion } from '../../projections/index.js';
import type { ArchiveChange, OtherReadModels, Projection } from '../../projections/projection.js';
import { metricHistory } from '../../projections/figures/figures.js';
import { currentStatementRow } from '../../projections/statements/statements.js';
import type { ArchiveEvent, StatementEvent } from '../../events/types.js';
import { evolveStatement } from '../domain/statement-state.js';
import type { RecordedEvent } from '../store/port.js';

/**
 * The read model as the process that keeps it sees it: the applier's side. Its SQLite handle is
 * not part of it: pages, the CLI and the exports read through the ArchiveReader
 * (src/reader/port.ts), made once with sqliteArchiveReader(readModel).
 */
export type ReadModel = Readonly<{
  file: string;
  /** Position of the last event applied, or undefined when none has been. */
  checkpoint(): bigint | undefined;
  /** Applies a batch of events and moves the checkpoint, in one transaction. */
  apply(events: readonly RecordedEvent[]): void;
  /** Why the last batch could not be applied (a full disk, say), until one is. */
  lastFailure(): string | undefined;
  /** Why the read model was (re)built from scratch when opened, if it was. */
  rebuiltBecause: string | undefined;
  /** Builds the indexes a rebuild from empty deferred; the catch-up calls it once caught up. */
  settle?(): void;
  close(): void;
}>;

export type ReadModelOptions = Readonly<{
  /**
   * The projections in the order each event is applied to them: every one of them, in any order
   * (a projection reads only its own tables), which a test holds to by shuffling them.
   */
  order?: readonly Projection[];
}>;

/**
 * Opens (or creates) the SQLite file that holds every projection's tables and the
 * checkpoint. A file of another version, or one SQLite cannot read, is set aside
 * and rebuilt from the log: the log is the truth, the read model only a cache of it.
 */
export function openReadModel(file: string, options: ReadModelOptions = {}): ReadModel {
  const projections = options.order ?? allProjections;
  let rebuiltBecause: string | undefined;
  // Lost (or never made): the log rebuilds it; the server says so, as it does for a damaged one.
  if (file !== ':memory:' && !(fs.existsSync(file) && fs.statSync(file).size > 0)) {
    rebuiltBecause = fs.existsSync(file) ? `the read model file ${file} was empty` : `the read model file ${file} did not exist`;
  }
  let db: Database.Database;
  try {
    db = openChecked(file);
  } catch (error) {
    rebuiltBecause = `the read model could not be read (${(error as Error).message})`;
    removeDatabase(file);
    db = openChecked(file);
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const hasTables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'checkpoint'").get() as { n: number };
  if (hasTables.n === 0) {
    rebuiltBecause ??= file === ':memory:' || version === 0 ? undefined : 'the read model was missing its tables';
  } else if (version !== readModelVersion) {
    rebuiltBecause = `the read model is version ${version}, this code needs ${readModelVersion}`;
    dropAll(db);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL)`);
  for (const p of projections) db.exec(p.schema);
  db.pragma(`user_version = ${readModelVersion}`);

  const readCheckpoint = db.prepare<[], { position: number }>('SELECT position FROM checkpoint WHERE id = 1');
  const writeCheckpoint = db.prepare(
    'INSERT INTO checkpoint (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position',
  );
  const applyBatch = db.transaction((events: readonly RecordedEvent[], finish: boolean) => {
    const last = readCheckpoint.get()?.position;
    for (const recorded of events) {
      // A batch that overlaps what was applied (a resent subscription batch) is skipped, never applied twice.
      if (last !== undefined && recorded.position <= BigInt(last)) continue;
      const change = changeOf(db, recorded);
      if (change) for (const p of projections) if (p.handles.includes(change.kind)) p.evolve(db, change, recorded);
    }
    if (finish) finishProjections();
    const tail = events[events.length - 1];
    if (tail) writeCheckpoint.run(tail.position);
  });

  let failure: string | undefined;
  // The findings' end-of-batch evaluation reads the figures through the figures' own query.
  const others: OtherReadModels = { metricHistory: (metric) => metricHistory(db, metric) };
  const finishProjections = () => {
    for (const p of projections) p.finish?.(db, others);
  };
  const finishBulk = db.transaction(finishProjections);

  let deferred = false;
  function applyEvents(events: readonly RecordedEvent[]) {
    if (events.length < bulkBatch) {
      settle();
      applyBatch.immediate(events, true);
      return;
    }
    // A rebuild from empty inserts rows only: indexes the projections do not read while
    // applying are built once at the end (one sort) rather than row by row.
    if (!deferred && readCheckpoint.get() === undefined) {
      for (const name of deferrableIndexes) db.exec(`DROP INDEX IF EXISTS "${name}"`);
      deferred = true;
    }
    // A catch-up batch: the read model can always be rebuilt from the log, so it skips the
    // fsyncs of the checkpoints it causes, and keeps more of the tables it writes in memory.
    db.pragma('synchronous = OFF');
    db.pragma(`cache_size = ${bulkCacheKiB}`);
    try {
      applyBatch.immediate(events, false);
    } finally {
      db.pragma('synchronous = NORMAL');
    }
  }

  function settle() {
    db.pragma(`cache_size = ${defaultCacheKiB}`);
    // Every projection's schema creates its indexes IF NOT EXISTS: the dropped ones come back.
    if (deferred) for (const p of projections) db.exec(p.schema);
    deferred = false;
    // What the bulk batches left to the end (with the indexes back, for the queries it runs).
    finishBulk.immediate();
  }

  const readModel: ReadModel = {
    file,
    rebuiltBecause,
    checkpoint() {
      const row = readCheckpoint.get();
      return row === undefined ? undefined : BigInt(row.position);
    },
    apply(events) {
      if (events.length === 0) return;
      try {
        applyEvents(events);
        failure = undefined;
      } catch (error) {
        // Nothing of the batch stays (one transaction): the caller may retry it as it is.
        failure = error instanceof Error ? error.message : String(error);
        throw error;
      }
    },
    lastFailure: () => failure,
    settle,
    close() {
      if (db.open) db.close();
    },
  };
  handles.set(readModel, db);
  return readModel;
}

/** Each open read model's SQLite handle, kept beside it rather than on it (see sqliteHandleOf). */
const handles = new WeakMap<ReadModel, Database.Database>();

/**
 * The SQLite handle of a read model opened here. For this folder (the reader) and for what checks
 * the read model's tables themselves (`qantar verify`, tests of the applier) only: everything
 * else asks the reader, so that a second implementation of it could serve every page.
 */
export function sqliteHandleOf(readModel: ReadModel): Database.Database {
  const db = handles.get(readModel);
  if (!db) throw new Error(`${readModel.file} is not a SQLite read model opened by openReadModel`);
  return db;
}

/** Read models up to this size are checked page by page when opened. */
const fullCheckBytes = 64 * 1024 * 1024;

/** Batches this large come from a catch-up or a rebuild rather than from a live append. */
const bulkBatch = 500;
const bulkCacheKiB = -256 * 1024;
const defaultCacheKiB = -16 * 1024;
/** Indexes that serve queries only, as each projection names its own. */
const deferrableIndexes = allProjections.flatMap((p) => p.deferredIndexes ?? []);

/** The change an event makes, with a statement's state before and after from the pure fold. */
function changeOf(db: Database.Database, recorded: RecordedEvent): ArchiveChange | undefined {
  const event = { type: recorded.type, data: recorded.data } as ArchiveEvent;
  switch (event.type) {
    case 'MetricDefined':
      return { kind: 'metric', metric: event.data };
    case 'RelationDeclared':
      return { kind: 'relation', relation: event.data };
    case 'StatementPublished':
    case 'StatementCorrected':
    case 'StatementRetracted': {
      const id = event.type === 'StatementPublished' ? event.data.id : event.data.statementId;
      // The first event of a stream has nothing before it: no lookup (and no JSON.parse) for it.
      const current = recorded.revision === 0n ? undefined : currentStatementRow(db, id);
      const before = current && { statement: current.statement, status: current.status };
      return { kind: 'statement', event: event as StatementEvent, before, after: evolveStatement(before, event) };
    }
    case 'TextTranslated':
      return { kind: 'translation', translation: event.data };
    default:
      // An event type this version does not know (written by a newer one) changes no read model.
      return undefined;
  }
}

function openChecked(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The read model can always be rebuilt from the log, so it need not fsync every batch.
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${defaultCacheKiB}`);
    // quick_check reads every page: a second per 300 MB here. Past fullCheckBytes, opening only
    // proves the schema readable, and `qantar verify` compares the whole read model with a rebuild.
    if (file === ':memory:' || fs.statSync(file).size <= fullCheckBytes) {
      const [check] = db.pragma('quick_check') as { quick_check: string }[];
      if (check?.quick_check !== 'ok') throw new Error(`integrity check failed: ${check?.quick_check}`);
    } else {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function dropAll(db: Database.Database): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  for (const { name } of tables) db.exec(`DROP TABLE IF EXISTS "${name}"`);
}
