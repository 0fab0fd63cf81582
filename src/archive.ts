import { readModelFile, storeConnection } from './config.js';
import { catchUp } from './read-model/follow.js';
import { openReadModel, type ReadModel } from './read-model/read-model.js';
import { sqliteArchiveReader } from './read-model/reader.js';
import type { ArchiveReader } from './reader/port.js';
import { openEventStore } from './store/open.js';
import type { EventStore } from './store/port.js';

/** The log, this process's read model of it (the applier's side), and the reader every page and command reads through. */
export type Archive = Readonly<{ store: EventStore; readModel: ReadModel; reader: ArchiveReader; close(): Promise<void> }>;

/** The log and this process's read model of it, opened together. */
export async function openArchive(options: { store?: string; readModel?: string } = {}): Promise<Archive> {
  const connection = storeConnection(options.store);
  const store = await openEventStore(connection);
  const readModel = openReadModel(options.readModel ?? readModelFile(connection));
  return {
    store,
    readModel,
    reader: sqliteArchiveReader(readModel),
    async close() {
      readModel.close();
      await store.close();
    },
  };
}

/** Opens the archive, brings the read model up to the log, runs `work`, and closes. */
export async function withCaughtUpArchive<T>(
  options: { store?: string },
  work: (archive: Archive) => Promise<T> | T,
): Promise<T> {
  const archive = await openArchive(options);
  try {
    await catchUp(archive.store, archive.readModel);
    return await work(archive);
  } finally {
    await archive.close();
  }
}
