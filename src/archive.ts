import { readModelFile, storeConnection } from './config.js';
import { catchUp } from './read-model/follow.js';
import { openReadModel, type ReadModel } from './read-model/read-model.js';
import { openEventStore } from './store/open.js';
import type { EventStore } from './store/port.js';

export type Archive = Readonly<{ store: EventStore; readModel: ReadModel; close(): Promise<void> }>;

/** The log and this process's read model of it, opened together. */
export async function openArchive(options: { store?: string; readModel?: string } = {}): Promise<Archive> {
  const connection = storeConnection(options.store);
  const store = await openEventStore(connection);
  const readModel = openReadModel(options.readModel ?? readModelFile(connection));
  return {
    store,
    readModel,
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
