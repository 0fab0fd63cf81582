import path from 'node:path';
import Database from 'better-sqlite3';
import { toNewEvent } from '../../src/domain/append.js';
import type { NewEvent } from '../../src/store/port.js';
import { getSqliteEventStore } from '../../src/store/sqlite.js';
import { logLinkOf } from '../../src/verify/log-chain.js';
import { generateArchive } from '../generate.js';
import { now, perSecond, round, summarise } from '../stats.js';

/** Real statements of the synthetic archive, as the store receives them. */
export function statementEnvelopes(seed: number, count: number): NewEvent[] {
  const out: NewEvent[] = [];
  for (const event of generateArchive({ seed, events: count + 2000, metrics: 200 })) {
    if (event.type === 'StatementPublished') out.push(toNewEvent(event, 'api'));
    if (out.length === count) break;
  }
  return out;
}

/**
 * The least a correct store must do, written with bare better-sqlite3 and the same durability:
 * the adapter's own tables, each event's row and its log-chain row (the same link, from the content
 * hash its envelope carries), one fsynced transaction a batch. No revision check, no idempotency
 * lookup: what the store adds beyond this is the overhead the ratio shows.
 */
export async function rawWriter(file: string) {
  await getSqliteEventStore(file).close(); // the adapter's schema, events and log_chain
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertLink = db.prepare('INSERT INTO log_chain (position, hash) VALUES (?, ?)');
  const lastLink = db.prepare<[], { hash: string }>('SELECT hash FROM log_chain ORDER BY position DESC LIMIT 1');
  const write = db.transaction((stream: string, events: readonly NewEvent[], recordedAt: string) => {
    let previous = lastLink.get()?.hash ?? null;
    events.forEach((e, i) => {
      const position = BigInt(insert.run(e.id, stream, i, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), recordedAt).lastInsertRowid);
      previous = logLinkOf(previous, { ...e, stream, revision: BigInt(i), position, recordedAt }, e.metadata.contentHash as string);
      insertLink.run(Number(position), previous);
    });
  });
  return {
    write: (stream: string, events: readonly NewEvent[], recordedAt = new Date().toISOString()) => write.immediate(stream, events, recordedAt),
    close: () => db.close(),
  };
}

export async function appendBatched(dir: string, seed: number, total: number, batchSize = 100) {
  const events = statementEnvelopes(seed, total);
  const batches: NewEvent[][] = [];
  for (let i = 0; i < events.length; i += batchSize) batches.push(events.slice(i, i + batchSize));

  const raw = await rawWriter(path.join(dir, 'raw-batched.db'));
  let started = now();
  batches.forEach((batch, k) => raw.write(`batch-${k}`, batch));
  const limitMs = now() - started;
  raw.close();

  const store = getSqliteEventStore(path.join(dir, 'append.db'));
  started = now();
  for (const [k, batch] of batches.entries()) {
    await store.appendToStream(`batch-${k}`, batch, { expectedRevision: 'no_stream' });
  }
  const ms = now() - started;
  await store.close();
  const eventsPerSecond = perSecond(total, ms);
  const limit = perSecond(total, limitMs);
  return { events: total, batchSize, ms: round(ms, 1), eventsPerSecond, limit, ratio: round(eventsPerSecond / limit, 2) };
}

export async function appendSingle(dir: string, seed: number, count: number) {
  const events = statementEnvelopes(seed + 1, count);
  const raw = await rawWriter(path.join(dir, 'raw-single.db'));
  const rawMs = events.map((e, i) => {
    const started = now();
    raw.write(`single-${i}`, [e]);
    return now() - started;
  });
  raw.close();

  // Into the store the batched benchmark filled, as an archive that already holds events.
  const store = getSqliteEventStore(path.join(dir, 'append.db'));
  const storeMs: number[] = [];
  for (const [i, e] of events.entries()) {
    const started = now();
    await store.appendToStream(`statement-single-${i}`, [e], { expectedRevision: 'no_stream' });
    storeMs.push(now() - started);
  }
  await store.close();
  const measured = summarise(storeMs);
  const limit = summarise(rawMs);
  return { ...measured, limitP50: limit.p50, limitP99: limit.p99, ratio: round(measured.p99 / limit.p99, 2) };
}
