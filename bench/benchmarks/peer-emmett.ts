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
/** Every stream is read this many times by each side: one pass is too short to time on a busy machine. */
const readRounds = 3;

export async function emmettPeer(dir: string, seed: number, total: number, batchSize = 100) {
  const events = statementEnvelopes(seed + 2, total);
  const batches: NewEvent[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));
  const streamOf = (k: number) => `batch-${k}`;

  const qantar = getSqliteEventStore(path.join(dir, 'peer-qantar.db'));
  const emmett = getSQLiteEventStore({ fileName: path.join(dir, 'peer-emmett.db') });
  let busyRetries = 0;
  const emmettAppend = async (k: number) => {
    const messages = batches[k]!.map((e) => ({ type: e.type, data: e.data as Record<string, unknown>, metadata: { ...e.metadata } }));
    for (let attempt = 1; ; attempt++) {
      try {
        return await emmett.appendToStream(streamOf(k), messages, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
      } catch (error) {
        // Emmett 0.38 can COMMIT while sqlite3 still holds the INSERT … RETURNING it stepped once
        // ("cannot commit transaction - SQL statements in progress"): the batch is rolled back
        // whole, and a user of Emmett retries it. The retries are counted, and their time is Emmett's.
        if (attempt === 3 || (error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        busyRetries++;
      }
    }
  };
  // Turn about, batch by batch and stream by stream, so a shared machine's load falls on both alike.
  const ms = { qantarAppend: 0, emmettAppend: 0, qantarRead: 0, emmettRead: 0 };
  const timed = async (key: keyof typeof ms, work: () => Promise<unknown>) => {
    const started = now();
    const value = await work();
    ms[key] += now() - started;
    return value;
  };
  for (let k = 0; k < batches.length; k++) {
    const first = k % 2 === 0;
    if (first) await timed('qantarAppend', () => qantar.appendToStream(streamOf(k), batches[k]!, { expectedRevision: 'no_stream' }));
    await timed('emmettAppend', () => emmettAppend(k));
    if (!first) await timed('qantarAppend', () => qantar.appendToStream(streamOf(k), batches[k]!, { expectedRevision: 'no_stream' }));
  }
  let qantarRead = 0;
  let emmettRead = 0;
  for (let round = 0; round < readRounds; round++) {
    for (let k = 0; k < batches.length; k++) {
      const qantarFirst = (k + round) % 2 === 0;
      const readQantar = async () => (qantarRead += ((await timed('qantarRead', () => qantar.readStream(streamOf(k)))) as unknown[]).length);
      const readEmmett = async () =>
        (emmettRead += ((await timed('emmettRead', () => emmett.readStream(streamOf(k)))) as { events: unknown[] }).events.length);
      if (qantarFirst) await readQantar();
      await readEmmett();
      if (!qantarFirst) await readQantar();
    }
  }
  await qantar.close();

  // Neither side's figure counts unless it read back every event it was given.
  if (qantarRead !== total * readRounds || emmettRead !== total * readRounds) {
    throw new Error(`read back ${qantarRead} events from Qantar and ${emmettRead} from Emmett, ${total * readRounds} were expected`);
  }
  const rates = {
    qantarAppend: perSecond(total, ms.qantarAppend),
    emmettAppend: perSecond(total, ms.emmettAppend),
    qantarRead: perSecond(total * readRounds, ms.qantarRead),
    emmettRead: perSecond(total * readRounds, ms.emmettRead),
  };
  return {
    events: total,
    batchSize,
    streams: batches.length,
    readRounds,
    ...rates,
    emmettBusyRetries: busyRetries,
    appendRatio: round(rates.qantarAppend / rates.emmettAppend, 2),
    readRatio: round(rates.qantarRead / rates.emmettRead, 2),
  };
}
