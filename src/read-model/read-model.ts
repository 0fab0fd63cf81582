import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { projections, readModelVersion } from '../../projections/index.js';
import type { ArchiveChange } from '../../projections/projection.js';
import { currentStatementRow } from '../../projections/statements/statements.js';
import type { ArchiveEvent, StatementEvent } from '../../events/types.js';
import { evolveStatement } from '../domain/statement-state.js';
import type { RecordedEvent } from '../store/port.js';

export type ReadModel = Readonly<{
  db: Database.Database;
  file: string;
  /** Position of the last event applied, or undefined when none has been. */
  checkpoint(): bigint | undefined;
  /** Applies a batch of events and moves the checkpoint, in one transaction. */
  apply(events: readonly RecordedEvent[]): void;
  /** Why the read model was (re)built from scratch when opened, if it was. */
  rebuiltBecause: string | undefined;
  close(): void;
}>;

/**
 * Opens (or creates) the SQLite file that holds every projection's tables and the
 * checkpoint. A file of another version, or one SQLite cannot read, is set aside
 * and rebuilt from the log: the log is the truth, the read model only a cache of it.
 */
export function openReadModel(file: string): ReadModel {
  let rebuiltBecause: string | undefined;
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
  const applyBatch = db.transaction((events: readonly RecordedEvent[]) => {
    const last = readCheckpoint.get()?.position;
    for (const recorded of events) {
      // A batch that overlaps what was applied (a resent subscription batch) is skipped, never applied twice.
      if (last !== undefined && recorded.position <= BigInt(last)) continue;
      const change = changeOf(db, recorded);
      if (change) for (const p of projections) p.evolve(db, change, recorded);
    }
    const tail = events[events.length - 1];
    if (tail) writeCheckpoint.run(tail.position);
  });

  return {
    db,
    file,
    rebuiltBecause,
    checkpoint() {
      const row = readCheckpoint.get();
      return row === undefined ? undefined : BigInt(row.position);
    },
    apply(events) {
      if (events.length > 0) applyBatch.immediate(events);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

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
      const current = currentStatementRow(db, id);
      const before = current && { statement: current.statement, status: current.status };
      return { kind: 'statement', event: event as StatementEvent, before, after: evolveStatement(before, event) };
    }
    default:
      // An event type this version does not know (written by a newer one) changes no read model.
      return undefined;
  }
}

function openChecked(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The read model can always be rebuilt from the log, so it need not fsync every batch.
  db.pragma('synchronous = NORMAL');
  const [check] = db.pragma('quick_check') as { quick_check: string }[];
  if (check?.quick_check !== 'ok') {
    db.close();
    throw new Error(`integrity check failed: ${check?.quick_check}`);
  }
  return db;
}

function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function dropAll(db: Database.Database): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
  for (const { name } of tables) db.exec(`DROP TABLE IF EXISTS "${name}"`);
}
