import fs from 'node:fs';
import Database from 'better-sqlite3';
import { catchUp } from '../../src/read-model/follow.js';
import { openReadModel } from '../../src/read-model/read-model.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { now, perSecond, round } from '../stats.js';

/**
 * The limit: the same rows read from the same file in the same batches as the catch-up reads
 * them, and their JSON parsed, with no projection work at all.
 */
export function readAndParseOnly(logFile: string, batchSize = 1000) {
  const db = new Database(logFile, { readonly: true });
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  const started = now();
  let after = 0;
  let count = 0;
  let bytes = 0;
  for (;;) {
    const rows = page.all(after, batchSize) as { position: number; data: string; metadata: string }[];
    for (const row of rows) {
      const data = JSON.parse(row.data) as unknown;
      const metadata = JSON.parse(row.metadata) as unknown;
      if (data && metadata) bytes += row.data.length;
    }
    count += rows.length;
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.position;
  }
  const ms = now() - started;
  db.close();
  return { events: count, ms: round(ms, 1), eventsPerSecond: perSecond(count, ms), megabytes: round(bytes / 1e6, 1) };
}

/** Every projection, from an empty read model, over the whole log, through the real catch-up. */
export async function rebuild(logFile: string, readModelFile: string) {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(readModelFile + suffix, { force: true });
  const store = getSqliteEventStore(logFile);
  const head = Number((await store.headPosition()) ?? 0n);
  const readModel = openReadModel(readModelFile);
  const started = now();
  await catchUp(store, readModel);
  const ms = now() - started;
  const checkpoint = Number(readModel.checkpoint() ?? 0n);
  readModel.close();
  await store.close();
  if (checkpoint !== head) throw new Error(`rebuild stopped at ${checkpoint}, the log ends at ${head}`);
  return { events: head, ms: round(ms, 1), eventsPerSecond: perSecond(head, ms), readModelMegabytes: round(fs.statSync(readModelFile).size / 1e6, 1) };
}
