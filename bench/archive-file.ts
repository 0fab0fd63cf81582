import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { streamFor, type ArchiveEvent } from '../events/types.js';
import { toNewEvent } from '../src/domain/append.js';
import { logChainLinker } from '../src/store/sqlite-log-chain.js';
import { getSqliteEventStore } from '../src/store/sqlite.js';
import { generateArchive, generatorVersion, type ArchiveShape } from './generate.js';

export const cacheDirectory = path.join(path.dirname(new URL(import.meta.url).pathname), '.cache');

/** When the synthetic log says each event was recorded: one second apart from 1 January 2026. */
export const recordedAtFor = (position: number) => new Date(Date.UTC(2026, 0, 1) + position * 1000).toISOString();

/**
 * Writes a generated archive into an embedded-store file: the same rows the SQLite adapter
 * writes for `appendArchiveEvents` (same ids, streams, revisions, JSON, log chain), but in large
 * unsynced transactions, because a million fsynced appends would take an hour on this disk.
 * The append path itself is benchmarked separately, and tests/int/bench-quick.int.spec.ts
 * checks that this loader and the real append path write the same log.
 */
export async function writeArchiveFile(file: string, events: Iterable<ArchiveEvent>): Promise<number> {
  await getSqliteEventStore(file).close(); // the adapter's own schema
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    `INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const link = logChainLinker(db);
  const head = (db.prepare('SELECT max(position) AS p FROM events').get() as { p: number | null }).p ?? 0;
  const last = db.prepare<[string], { revision: number; metadata: string }>(
    'SELECT revision, metadata FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
  );
  let position = head;
  let batch: ArchiveEvent[] = [];
  const flush = db.transaction((rows: ArchiveEvent[]) => {
    for (const event of rows) {
      const stream = streamFor(event);
      // Only corrections and retractions land on a stream that has events: they continue its
      // revisions and its hash chain, read back from the rows already written.
      const first = event.type === 'StatementPublished' || event.type === 'MetricDefined' || event.type === 'RelationDeclared';
      const previous = first ? undefined : last.get(stream);
      const revision = previous ? previous.revision + 1 : 0;
      const chain = previous ? ((JSON.parse(previous.metadata) as { chainHash?: string }).chainHash ?? null) : null;
      const e = toNewEvent(event, 'import', chain, BigInt(revision));
      position += 1;
      const recordedAt = recordedAtFor(position);
      insert.run(e.id, stream, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt);
      link({ ...e, stream, revision: BigInt(revision), position: BigInt(position), recordedAt });
    }
  });
  for (const event of events) {
    batch.push(event);
    if (batch.length === 10_000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return position - head;
}

/** Bump when the rows this loader writes change (as when events gained their hash chain, the log its own, or ids their revision). */
export const loaderVersion = 4;

/** The generated archive's log file, built once per generator and loader version, seed and size. */
export async function cachedArchive(shape: ArchiveShape): Promise<{ file: string; built: boolean; ms: number }> {
  const name = `archive-g${generatorVersion}l${loaderVersion}-seed${shape.seed}-${shape.events}e-${shape.metrics}m${shape.years ? `-${shape.years}y` : ''}.db`;
  const file = path.join(cacheDirectory, name);
  if (fs.existsSync(file)) return { file, built: false, ms: 0 };
  fs.mkdirSync(cacheDirectory, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  const started = performance.now();
  await writeArchiveFile(partial, generateArchive(shape));
  fs.renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(partial + suffix, { force: true });
  return { file, built: true, ms: performance.now() - started };
}
