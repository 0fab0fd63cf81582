import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { copyToTemp, onReadOnlyFilesystem, type TempCopy } from '../read-only-filesystem.js';
import { checkAppend, type StoredEventRef } from './append-rules.js';
import { appendSignal, pollingSubscription } from './catch-up.js';
import { CorruptEventError, StoreUnavailableError, StreamNotFoundError } from './errors.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
} from './port.js';
import { carriedContentHash } from './hashes.js';
import { sqliteLogChain } from './sqlite-log-chain.js';

const schema = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
`;

type Row = {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
};

export type SqliteStoreOptions = Readonly<{
  now?: () => Date;
  /** How often a subscription looks for events appended by other processes. */
  pollMs?: number;
  readonly?: boolean;
}>;

/**
 * The embedded event store: one SQLite file, WAL, fsync on every commit (synchronous=FULL),
 * AUTOINCREMENT positions that are never reused, and unique (stream, revision) and id.
 */
export function getSqliteEventStore(file: string, options: SqliteStoreOptions = {}): EventStore {
  const now = options.now ?? (() => new Date());
  // On a read-only filesystem the log serves reads, and every write answers "unavailable".
  const readonly = options.readonly === true || onReadOnlyFilesystem(file);
  const { db, copy } = openDatabase(file, readonly);
  const appended = appendSignal(options.pollMs ?? 250);
  const eventsAfter = db.prepare<[number, number], Row>('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  const chain = sqliteLogChain(db, `sqlite:${file}`, (after, limit) => eventsAfter.all(Number(after), limit).map(toRecorded));
  try {
    if (!options.readonly) chain.ensure();
  } catch {
    // A log written before the chain existed, on a disk that cannot take the chain now (read-only,
    // full, locked): it still serves reads, and the first append tries again and says why.
  }

  const q = {
    byId: db.prepare<[string], Row>('SELECT * FROM events WHERE id = ?'),
    revision: db.prepare<[string], { revision: number | null }>(
      'SELECT max(revision) AS revision FROM events WHERE stream = ?',
    ),
    insert: db.prepare(
      `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at)
       VALUES (@id, @stream, @revision, @type, @data, @metadata, @recordedAt)`,
    ),
    head: db.prepare<[], { position: number | null }>('SELECT max(position) AS position FROM events'),
  };

  const currentRevision = (stream: string) => {
    const { revision } = q.revision.get(stream)!;
    return revision === null ? undefined : BigInt(revision);
  };

  /** One stream's append, inside the caller's transaction. */
  const appendInTransaction = (stream: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendResult => {
    const current = currentRevision(stream);
    const retry = checkAppend(stream, events, expected, current, (id) => {
      const row = q.byId.get(id);
      return row && toRef(row);
    });
    if (retry) return retry;
    const recordedAt = now().toISOString();
    let revision = current === undefined ? 0n : current + 1n;
    let position = 0n;
    for (const e of events) {
      const info = q.insert.run({
        id: e.id,
        stream,
        revision,
        type: e.type,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
        recordedAt,
      });
      position = BigInt(info.lastInsertRowid);
      chain.link({ ...e, stream, revision, position, recordedAt }, carriedContentHash(e));
      revision += 1n;
    }
    return { nextRevision: revision - 1n, position, written: true };
  };
  const append = db.transaction(appendInTransaction);
  const appendMany = db.transaction((appends: readonly StreamAppend[]) =>
    appends.map((a) => appendInTransaction(a.stream, a.events, a.expectedRevision)),
  );

  /** Runs a write transaction (BEGIN IMMEDIATE: it waits for other writers rather than fail midway). */
  const write = <T extends AppendResult | AppendResult[]>(run: () => T): T => {
    try {
      const result = run();
      if ([result].flat().some((r) => r.written)) appended.notify();
      return result;
    } catch (error) {
      throw asStoreError(error, file);
    }
  };

  const readAll = async (options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const backwards = options.direction === 'backwards';
    const prefixes = options.streamPrefixes ?? [];
    const where = [backwards ? 'position <= @from' : 'position >= @from'];
    if (prefixes.length) {
      where.push(`(${prefixes.map((_, i) => `substr(stream, 1, length(@p${i})) = @p${i}`).join(' OR ')})`);
    }
    const params: Record<string, unknown> = {
      from: Number(options.fromPosition ?? (backwards ? Number.MAX_SAFE_INTEGER : 0)),
      limit: options.maxCount ?? -1,
    };
    prefixes.forEach((p, i) => (params[`p${i}`] = p));
    const sql = `SELECT * FROM events WHERE ${where.join(' AND ')}
                 ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT @limit`;
    return db.prepare<[Record<string, unknown>], Row>(sql).all(params).map(toRecorded);
  };

  return {
    description: `sqlite:${file}${readonly ? '?mode=ro' : ''}`,
    async appendToStream(stream, events, { expectedRevision = 'any' } = {}) {
      return write(() => append.immediate(stream, events, expectedRevision));
    },
    async appendToStreams(appends) {
      return write(() => appendMany.immediate(appends));
    },
    async readStream(stream, options: ReadStreamOptions = {}) {
      const backwards = options.direction === 'backwards';
      const rows = db
        .prepare<[string, number, number], Row>(
          `SELECT * FROM events WHERE stream = ? AND revision ${backwards ? '<=' : '>='} ?
           ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT ?`,
        )
        .all(
          stream,
          Number(options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0)),
          options.maxCount ?? -1,
        );
      if (rows.length === 0 && currentRevision(stream) === undefined) throw new StreamNotFoundError(stream);
      return rows.map(toRecorded);
    },
    readAll,
    logChain: chain.reader,
    async streamRevision(stream) {
      return currentRevision(stream);
    },
    async headPosition() {
      const { position } = q.head.get()!;
      return position === null ? undefined : BigInt(position);
    },
    subscribeToAll(handler, options) {
      return pollingSubscription({ readAll, waitForAppend: appended.wait }, handler, options);
    },
    async probeWrites() {
      // A write that needs a new page (a table's root), rolled back: SQLite refuses it exactly as
      // it would refuse an append (read-only file or connection, lock held too long, the file at
      // its page limit), and nothing reaches the file.
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 500');
      try {
        db.exec('BEGIN IMMEDIATE');
        db.exec('CREATE TABLE write_probe (page BLOB)');
      } catch (error) {
        throw asStoreError(error, file);
      } finally {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.pragma(`busy_timeout = ${timeout}`);
      }
      // SQLite meets a full disk only when it writes pages out, at commit: ask the filesystem.
      const room = freeBytes(file);
      if (room !== undefined && room < minFreeBytes) {
        throw new StoreUnavailableError(`sqlite:${file}`, `its disk is (nearly) full: ${room} bytes free, appends need ${minFreeBytes}`);
      }
    },
    async close() {
      if (db.open) db.close();
      copy?.remove();
    },
  };
}

/**
 * Room an append must find on the log's disk. The write-ahead log grows to about 4 MB (1,000 pages)
 * before SQLite copies it into the database, which then needs as much again.
 */
const minFreeBytes = 8 * 1024 * 1024;

/** Bytes the log's filesystem has free for this process, if it can tell. */
function freeBytes(file: string): number | undefined {
  if (file === ':memory:') return undefined;
  const { bavail, bsize } = fs.statfsSync(path.dirname(path.resolve(file)));
  return bavail * bsize;
}

function openDatabase(file: string, readonly: boolean): { db: Database.Database; copy?: TempCopy } {
  let db: Database.Database | undefined;
  try {
    if (!readonly && file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file, { readonly, fileMustExist: readonly });
    db.pragma('busy_timeout = 5000');
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(schema);
    }
    // Reading a WAL database needs its -shm index: a log closed cleanly on a read-only
    // filesystem has none and cannot get one there, so it is read from a copy that can.
    if (readonly) db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { db };
  } catch (error) {
    db?.close();
    if (readonly && fs.existsSync(file) && onReadOnlyFilesystem(file)) return openCopy(file);
    throw new StoreUnavailableError(`sqlite:${file}`, (error as Error).message);
  }
}

function openCopy(file: string): { db: Database.Database; copy: TempCopy } {
  const copy = copyToTemp(file);
  try {
    const db = new Database(copy.file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { db, copy };
  } catch (error) {
    copy.remove();
    throw new StoreUnavailableError(`sqlite:${file}`, (error as Error).message);
  }
}

/** SQLite's own failures (read-only file, full disk, locked) mean the store cannot take writes now. */
function asStoreError(error: unknown, file: string): unknown {
  if (error instanceof Database.SqliteError && !/CONSTRAINT/.test(error.code)) {
    return new StoreUnavailableError(`sqlite:${file}`, error.message);
  }
  return error;
}

function toRef(row: Row): StoredEventRef {
  return {
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: row.data,
  };
}

function toRecorded(row: Row): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: parseColumn(row, 'data'),
    metadata: parseColumn(row, 'metadata'),
    recordedAt: row.recorded_at,
  };
}

/** A damaged row names itself, so a failed read (or `qantar verify`) points at the event. */
function parseColumn(row: Row, column: 'data' | 'metadata') {
  try {
    return JSON.parse(row[column]);
  } catch (error) {
    throw new CorruptEventError(BigInt(row.position), row.stream, row.id, `its ${column} is not JSON (${(error as Error).message})`);
  }
}
