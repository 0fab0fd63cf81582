import fs from 'node:fs';
import Database from 'better-sqlite3';
import { readModelVersion } from '../../projections/index.js';
import { archiveStreamPrefixes } from '../../events/types.js';
import { readPages } from '../migrate/pages.js';
import { openReadModel, sqliteHandleOf, type ReadModel } from '../read-model/read-model.js';
import type { EventStore } from '../store/port.js';
import { firstDifference, tableNames } from './tables.js';

export type ReadModelReport = Readonly<{
  file: string;
  /** The stored read model's checkpoint: the rebuild is compared up to it. */
  checkpoint?: bigint;
  tables: number;
  /** Why nothing was compared (no file yet), when nothing was. */
  skipped?: string;
  problem?: Readonly<{ table?: string; reason: string }>;
}>;

/**
 * Rebuilds every read model in memory from the log, up to the stored read model's checkpoint,
 * and compares them table by table. The stored file is opened read-only and read in one
 * transaction, so a server that keeps applying events meanwhile neither disturbs nor is disturbed.
 */
export async function verifyReadModel(store: EventStore, file: string): Promise<ReadModelReport> {
  if (file === ':memory:' || !fs.existsSync(file)) return { file, tables: 0, skipped: `there is no stored read model at ${file}` };
  let stored: Database.Database | undefined;
  const rebuilt = openReadModel(':memory:');
  try {
    stored = new Database(file, { readonly: true, fileMustExist: true });
    const [check] = stored.pragma('quick_check') as { quick_check: string }[];
    if (check?.quick_check !== 'ok') return { file, tables: 0, problem: { reason: `the read model file is damaged: ${check?.quick_check}` } };
    // One read transaction: the snapshot is fixed at the first read and held until the end.
    stored.exec('BEGIN');
    const version = stored.pragma('user_version', { simple: true }) as number;
    if (version !== readModelVersion) {
      return { file, tables: 0, problem: { reason: `the read model is version ${version}, this code builds version ${readModelVersion}` } };
    }
    const row = stored.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: number } | undefined;
    const checkpoint = row && BigInt(row.position);
    if (checkpoint !== undefined) await replayUpTo(store, rebuilt, checkpoint);
    // As the subscription does once caught up: what bulk batches left to the end (the findings) is done.
    rebuilt.settle?.();
    // The one reader of the read model's tables outside its folder: verifying them is comparing them.
    const difference = firstDifference(stored, sqliteHandleOf(rebuilt));
    return { file, checkpoint, tables: tableNames(sqliteHandleOf(rebuilt)).length, ...(difference && { problem: difference }) };
  } catch (error) {
    return { file, tables: 0, problem: { reason: `the read model cannot be read: ${(error as Error).message}` } };
  } finally {
    if (stored?.inTransaction) stored.exec('COMMIT');
    stored?.close();
    rebuilt.close();
  }
}

/** The archive's events up to `last`, page by page, applied as the subscription applies them. */
async function replayUpTo(store: EventStore, readModel: ReadModel, last: bigint): Promise<void> {
  for await (const page of readPages(store)) {
    const batch = page.filter((e) => e.position <= last && archiveStreamPrefixes.some((p) => e.stream.startsWith(p)));
    readModel.apply(batch);
    if (page[page.length - 1]!.position >= last) return;
  }
}
