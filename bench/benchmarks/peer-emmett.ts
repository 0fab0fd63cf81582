import path from 'node:path';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import type { NewEvent } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { now, perSecond, round } from '../stats.js';
import { statementEnvelopes } from './append.js';

/**
 * A peer, not a limit: the same batched appends and the same stream reads through Emmett's SQLite
 * event store (@event-driven-io/emmett-sqlite, on the `sqlite3` driver it requires), in the same run
 * on the same disk. Both keep WAL with SQLite's default synchronous=FULL, so both fsync each batch.
 * Emmett receives each event as Qantar's store does (type, data, and the envelope's metadata); it
 * opens a connection per call, as its store does for a file, and keeps no hash chain.
 */
export async function emmettPeer(dir: string, seed: number, total: number, batchSize = 100) {
  const events = statementEnvelopes(seed + 2, total);
  const batches: NewEvent[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  const streamOf = (k: number) => `batch-${k}`;

  const qantar = getSqliteEventStore(path.join(dir, 'peer-qantar.db'));
  let started = now();
  for (const [k, batch] of batches.entries()) await qantar.appendToStream(streamOf(k), batch, { expectedRevision: 'no_stream' });
  const qantarAppendMs = now() - started;
  started = now();
  let qantarRead = 0;
  for (let k = 0; k < batches.length; k++) qantarRead += (await qantar.readStream(streamOf(k))).length;
  const qantarReadMs = now() - started;
  await qantar.close();

  const emmett = getSQLiteEventStore({ fileName: path.join(dir, 'peer-emmett.db') });
  let busyRetries = 0;
  started = now();
  for (const [k, batch] of batches.entries()) {
    const messages = batch.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } }));
    for (let attempt = 1; ; attempt++) {
      try {
        await emmett.appendToStream(streamOf(k), messages, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
        break;
      } catch (error) {
        // Emmett 0.38 can COMMIT while sqlite3 still holds the INSERT … RETURNING it stepped once
        // ("cannot commit transaction - SQL statements in progress"): the batch is rolled back
        // whole, and a user of Emmett retries it. The retries are counted, and their time is Emmett's.
        if (attempt === 3 || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        busyRetries++;
      }
    }
  }
  const emmettAppendMs = now() - started;
  started = now();
  let emmettRead = 0;
  for (let k = 0; k < batches.length; k++) emmettRead += (await emmett.readStream(streamOf(k))).events.length;
  const emmettReadMs = now() - started;

  // Neither side's figure counts unless it read back every event it was given.
  if (qantarRead !== total || emmettRead !== total) {
    throw new Error(`read back ${qantarRead} events from Qantar and ${emmettRead} from Emmett, ${total} were appended`);
  }
  const rates = {
    qantarAppend: perSecond(total, qantarAppendMs),
    emmettAppend: perSecond(total, emmettAppendMs),
    qantarRead: perSecond(total, qantarReadMs),
    emmettRead: perSecond(total, emmettReadMs),
  };
  return {
    events: total,
    batchSize,
    streams: batches.length,
    ...rates,
    emmettBusyRetries: busyRetries,
    appendRatio: round(rates.qantarAppend / rates.emmettAppend, 2),
    readRatio: round(rates.qantarRead / rates.emmettRead, 2),
  };
}
